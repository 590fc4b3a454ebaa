package dev.berth.it;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
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
    private final PluginProcess process;

    private TestVolumePlugin(String name, Path socket, ScratchDir scratch) {
        this.name = name;
        this.socket = socket;
        this.scratch = scratch;
        this.process = new PluginProcess("test volume plugin", scratch.resolve("plugin.log"));
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
            String dir = System.getProperty("berth.testplugin.dir");
            Path target = dir != null ? Path.of(dir) : PluginProcess.target("test-volume-plugin");
            plugin.process.start(target, "test-volume-plugin", "dev.berth.plugins.testplugin.Main", socket,
                List.of("--root", scratch.resolve("volumes").toString()));
            return plugin;
        } catch (RuntimeException | Error e) {
            plugin.close();
            throw e;
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

    public boolean isAlive() { return process.isAlive(); }

    /** Stops the process (SIGTERM: it removes its socket), leaving spec files: "the plugin is down". */
    public void stop() { process.stop(); }

    public String output() { return process.output(); }

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
}
