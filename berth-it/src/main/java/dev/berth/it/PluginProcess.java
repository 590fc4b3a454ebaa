package dev.berth.it;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * A plugin built in this checkout, run as its own JVM serving on a unix socket: what
 * {@link TestVolumePlugin} and {@link TestNetworkPlugin} have in common. The classpath is the
 * module's {@code target/classes} plus the {@code plugin.classpath} its build writes, so no
 * {@code mvn install} is needed. Output goes to a log file the owner chooses (in its scratch
 * directory). Not thread-safe; the owner stops it in its {@code close()}, also after a failed
 * start, because the process exists from the moment it was spawned.
 */
final class PluginProcess {
    private static final Duration READY = Duration.ofSeconds(30);

    private final String label;
    private final Path log;
    private Process process;

    /** @param label how errors name it, e.g. {@code plugin foo} */
    PluginProcess(String label, Path log) {
        this.label = label;
        this.log = log;
    }

    /** {@code plugins/<module>/target} of this checkout. */
    static Path target(String module) {
        return DaemonClasspath.repoRoot().resolve("plugins").resolve(module).resolve("target");
    }

    /**
     * Starts {@code mainClass --socket <socket> args…} and waits until it logs that it is listening.
     *
     * @throws AssertionError when it exits first or is not ready within 30 s (with its output)
     */
    void start(Path target, String module, String mainClass, Path socket, List<String> args) {
        // C1 and the serial collector: the plugins are small and start faster without the rest
        List<String> argv = new ArrayList<>(List.of(DaemonClasspath.java().toString(), "-XX:TieredStopAtLevel=1",
            "-XX:+UseSerialGC", "-cp", classpath(target, module), mainClass, "--socket", socket.toString()));
        argv.addAll(args);
        try {
            process = new ProcessBuilder(argv).redirectErrorStream(true).redirectOutput(log.toFile())
                .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null"))).start();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Instant deadline = Instant.now().plus(READY);
        while (Instant.now().isBefore(deadline)) {
            if (output().contains("listening on")) return;
            if (!process.isAlive()) throw new AssertionError(label + " exited:\n" + output());
            sleep(50);
        }
        throw new AssertionError(label + " not ready after " + READY.toSeconds() + "s:\n" + output());
    }

    private static String classpath(Path target, String module) {
        Path cpFile = target.resolve("plugin.classpath");
        try {
            return target.resolve("classes") + ":" + Files.readString(cpFile, StandardCharsets.UTF_8).strip();
        } catch (IOException e) {
            throw new AssertionError("build plugins/" + module + " first (no " + cpFile + ")", e);
        }
    }

    /** Everything it printed so far; empty before it started. */
    String output() {
        try {
            return Files.exists(log) ? Files.readString(log) : "";
        } catch (IOException e) {
            return "";
        }
    }

    long pid() { return process.pid(); }

    boolean isAlive() { return process != null && process.isAlive(); }

    /** SIGTERM (the plugins remove their socket on it), SIGKILL after 10 s; nothing if never started. */
    void stop() {
        if (process != null) ProcessTermination.terminate(process, Duration.ofSeconds(10));
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", e);
        }
    }
}
