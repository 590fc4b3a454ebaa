package dev.berth.it;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A private directory under {@code /tmp} for one daemon (short enough for unix socket paths).
 * {@link #close()} unmounts everything below it, deepest first, and deletes it.
 */
public final class ScratchDir implements AutoCloseable {
    private final Path path;

    private ScratchDir(Path path) {
        this.path = path;
    }

    public static ScratchDir create(String prefix) {
        try {
            return new ScratchDir(Files.createTempDirectory(Path.of("/tmp"), prefix,
                PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx--x--x"))));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public Path path() { return path; }

    public Path resolve(String name) { return path.resolve(name); }

    @Override
    public void close() {
        unmountBelow(path);
        deleteRecursively(path);
    }

    /** Unmounts every mount point at or below {@code root}, deepest first; lazily when busy. */
    public static void unmountBelow(Path root) {
        for (String mountPoint : mountsBelow(root)) {
            if (run(List.of("umount", mountPoint)) != 0) run(List.of("umount", "-l", mountPoint));
        }
    }

    static List<String> mountsBelow(Path root) {
        String prefix = root.toAbsolutePath().normalize().toString();
        List<String> found = new ArrayList<>();
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/mountinfo"))) {
                String[] parts = line.split(" ");
                if (parts.length < 5) continue;
                String mp = parts[4].replace("\\040", " ");
                if (mp.equals(prefix) || mp.startsWith(prefix + "/")) found.add(mp);
            }
        } catch (IOException e) {
            return List.of();
        }
        found.sort(Comparator.comparingInt(String::length).reversed());
        return found;
    }

    private static int run(List<String> argv) {
        try {
            Process p = new ProcessBuilder(argv).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            if (!p.waitFor(Duration.ofSeconds(30).toMillis(), TimeUnit.MILLISECONDS)) {
                p.destroyForcibly();
                return -1;
            }
            return p.exitValue();
        } catch (IOException e) {
            return -1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return -1;
        }
    }

    public static void deleteRecursively(Path root) {
        if (!Files.exists(root, java.nio.file.LinkOption.NOFOLLOW_LINKS)) return;
        try {
            Files.walkFileTree(root, new SimpleFileVisitor<>() {
                @Override public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                    Files.deleteIfExists(file);
                    return FileVisitResult.CONTINUE;
                }

                @Override public FileVisitResult visitFileFailed(Path file, IOException exc) throws IOException {
                    Files.deleteIfExists(file);
                    return FileVisitResult.CONTINUE;
                }

                @Override public FileVisitResult postVisitDirectory(Path dir, IOException exc) throws IOException {
                    Files.deleteIfExists(dir);
                    return FileVisitResult.CONTINUE;
                }
            });
        } catch (IOException e) {
            // immutable or still-mounted leftovers: fall back to rm, which reports what it could not remove
            run(List.of("rm", "-rf", "--one-file-system", root.toString()));
        }
    }
}
