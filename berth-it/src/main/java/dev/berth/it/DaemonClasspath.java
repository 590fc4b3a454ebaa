package dev.berth.it;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The classpath that runs {@code dev.berth.daemon.Main}: the file Maven's dependency plugin writes
 * for this module ({@code target/berthd.classpath}, set by surefire as
 * {@code berth.daemon.classpath.file}), else the packaged layout {@code bin/berthd} uses, else this
 * JVM's own classpath (IDE runs).
 */
public final class DaemonClasspath {
    private DaemonClasspath() {}

    public static String resolve() {
        String file = System.getProperty("berth.daemon.classpath.file");
        if (file != null && Files.isRegularFile(Path.of(file))) {
            try {
                String cp = Files.readString(Path.of(file)).strip();
                if (!cp.isEmpty()) return cp;
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        Path daemonTarget = repoRoot().resolve("berth-daemon/target");
        Path lib = daemonTarget.resolve("lib");
        if (Files.isDirectory(lib)) {
            try (var jars = Files.list(daemonTarget)) {
                var jar = jars.filter(p -> p.getFileName().toString().matches("berth-daemon-.*\\.jar")).findFirst();
                if (jar.isPresent()) return jar.get() + ":" + lib + "/*";
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return System.getProperty("java.class.path");
    }

    /** The checkout's root directory (surefire sets {@code berth.repo.root}; else the parent of the working directory). */
    public static Path repoRoot() {
        String root = System.getProperty("berth.repo.root");
        if (root != null) return Path.of(root).toAbsolutePath().normalize();
        Path cwd = Path.of("").toAbsolutePath();
        return Files.isDirectory(cwd.resolve("berth-daemon")) ? cwd : cwd.getParent();
    }

    public static Path java() {
        return Path.of(System.getProperty("java.home"), "bin", "java");
    }
}
