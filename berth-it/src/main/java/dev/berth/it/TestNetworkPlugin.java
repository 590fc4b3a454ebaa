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

/**
 * One of the SDK-built network plugins as its own process, on a unix socket the test chooses:
 * {@code plugins/test-network-plugin} (a bridge per network, a veth per endpoint) or
 * {@code plugins/test-ipam-plugin} (addresses from the pools given). {@link #close()} stops it by
 * pid and removes its socket, also when the test failed; what the plugin made on the host (its
 * bridges) is the test's to remove. The classpath comes from the module's {@code target/} in
 * this checkout, so no {@code mvn install} is needed.
 */
public final class TestNetworkPlugin implements AutoCloseable {
    private final String name;
    private final Path socket;
    private final ScratchDir scratch;
    private Process process;

    private TestNetworkPlugin(String name, Path socket, ScratchDir scratch) {
        this.name = name;
        this.socket = socket;
        this.scratch = scratch;
    }

    /** The network driver plugin called {@code name}, listening on {@code socket}. */
    public static TestNetworkPlugin network(String name, Path socket) {
        return start(name, socket, "test-network-plugin", "dev.berth.plugins.testnet.Main", List.of());
    }

    /** The IPAM plugin called {@code name}, handing out {@code pools} (CIDRs) to networks that ask for none. */
    public static TestNetworkPlugin ipam(String name, Path socket, String... pools) {
        List<String> args = new ArrayList<>();
        for (String p : pools) args.addAll(List.of("--pool", p));
        return start(name, socket, "test-ipam-plugin", "dev.berth.plugins.testipam.Main", args);
    }

    private static TestNetworkPlugin start(String name, Path socket, String module, String mainClass, List<String> args) {
        TestNetworkPlugin plugin = new TestNetworkPlugin(name, socket, ScratchDir.create("berth-netplugin-"));
        try {
            List<String> argv = new ArrayList<>(List.of(DaemonClasspath.java().toString(), "-XX:TieredStopAtLevel=1",
                "-XX:+UseSerialGC", "-cp", classpath(module), mainClass, "--socket", socket.toString()));
            argv.addAll(args);
            plugin.spawn(argv);
            return plugin;
        } catch (RuntimeException | Error e) {
            plugin.close();
            throw e;
        }
    }

    private void spawn(List<String> argv) {
        try {
            process = new ProcessBuilder(argv).redirectErrorStream(true).redirectOutput(log().toFile())
                .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null"))).start();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Instant deadline = Instant.now().plusSeconds(30);
        while (Instant.now().isBefore(deadline)) {
            if (output().contains("listening on")) return;
            if (!process.isAlive()) throw new AssertionError("plugin " + name + " exited:\n" + output());
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError("interrupted", e);
            }
        }
        throw new AssertionError("plugin " + name + " not ready after 30s:\n" + output());
    }

    private static String classpath(String module) {
        Path target = DaemonClasspath.repoRoot().resolve("plugins").resolve(module).resolve("target");
        Path cpFile = target.resolve("plugin.classpath");
        try {
            return target.resolve("classes") + ":" + Files.readString(cpFile, StandardCharsets.UTF_8).strip();
        } catch (IOException e) {
            throw new AssertionError("build plugins/" + module + " first (no " + cpFile + ")", e);
        }
    }

    public String name() { return name; }

    public Path socket() { return socket; }

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
            if (process != null) ProcessTermination.terminate(process, Duration.ofSeconds(10));
        } finally {
            try {
                Files.deleteIfExists(socket);
            } catch (IOException ignored) {
                // best effort; the scratch dir goes below
            }
            scratch.close();
        }
    }
}
