package dev.berth.it;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * The SDK-built directory volume plugin ({@code plugins/test-volume-plugin}) as its own process,
 * serving on a unix socket the test chooses. {@link #close()} stops it by pid and removes its
 * socket, every spec file written through {@link #writeSpec} and its volume root, also when the
 * test failed. The classpath comes from the module's {@code target/} in this checkout
 * ({@code berth.testplugin.dir}), so no {@code mvn install} is needed.
 */
public final class TestVolumePlugin implements AutoCloseable {
    private final String name;
    private final Path socket;
    private final ScratchDir scratch;
    private final List<Path> specs = new ArrayList<>();
    private Process process;

    private TestVolumePlugin(String name, Path socket, ScratchDir scratch) {
        this.name = name;
        this.socket = socket;
        this.scratch = scratch;
    }

    /** A name no other test or engine uses: {@code berth-it-<random>}. */
    public static String uniqueName() {
        return "berth-it-" + UUID.randomUUID().toString().substring(0, 8);
    }

    /** Starts the plugin on {@code socket} and waits until it accepts calls. */
    public static TestVolumePlugin start(String name, Path socket) {
        ScratchDir scratch = ScratchDir.create("berth-plugin-");
        TestVolumePlugin plugin = new TestVolumePlugin(name, socket, scratch);
        try {
            plugin.spawn();
            return plugin;
        } catch (RuntimeException | Error e) {
            plugin.close();
            throw e;
        }
    }

    private void spawn() {
        List<String> argv = List.of(DaemonClasspath.java().toString(), "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC",
            "-cp", classpath(), "dev.berth.plugins.testplugin.Main",
            "--socket", socket.toString(), "--root", scratch.resolve("volumes").toString());
        try {
            process = new ProcessBuilder(argv).redirectErrorStream(true).redirectOutput(log().toFile())
                .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null"))).start();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Instant deadline = Instant.now().plusSeconds(30);
        while (Instant.now().isBefore(deadline)) {
            if (output().contains("listening on")) return;
            if (!process.isAlive()) throw new AssertionError("test volume plugin exited:\n" + output());
            sleep(50);
        }
        throw new AssertionError("test volume plugin not ready after 30s:\n" + output());
    }

    static String classpath() {
        String dir = System.getProperty("berth.testplugin.dir");
        Path target = dir != null ? Path.of(dir) : DaemonClasspath.repoRoot().resolve("plugins/test-volume-plugin/target");
        Path cpFile = target.resolve("plugin.classpath");
        try {
            return target.resolve("classes") + ":" + Files.readString(cpFile, StandardCharsets.UTF_8).strip();
        } catch (IOException e) {
            throw new AssertionError("build plugins/test-volume-plugin first (no " + cpFile + ")", e);
        }
    }

    /** Writes {@code <dir>/<name>.spec} pointing at the socket (removed on close). */
    public Path writeSpec(Path dir) {
        try {
            Files.createDirectories(dir);
            Path spec = dir.resolve(name + ".spec");
            specs.add(spec);
            return Files.writeString(spec, "unix://" + socket + "\n");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public String name() { return name; }

    public Path socket() { return socket; }

    /** Where the plugin keeps volume {@code volume}'s data. */
    public Path volumeDir(String volume) { return scratch.resolve("volumes").resolve(volume); }

    public long pid() { return process.pid(); }

    public boolean isAlive() { return process != null && process.isAlive(); }

    /** Stops the process (SIGTERM: it removes its socket), leaving spec files: "the plugin is down". */
    public void stop() {
        if (process != null) ProcessTermination.terminate(process, Duration.ofSeconds(10));
    }

    public String output() {
        try {
            return Files.exists(log()) ? Files.readString(log()) : "";
        } catch (IOException e) {
            return "";
        }
    }

    private Path log() { return scratch.resolve("plugin.log"); }

    @Override
    public void close() {
        try {
            stop();
        } finally {
            try {
                Files.deleteIfExists(socket);
                for (Path spec : specs) Files.deleteIfExists(spec);
            } catch (IOException ignored) {
                // best effort; the scratch dir goes below
            }
            scratch.close();
        }
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
