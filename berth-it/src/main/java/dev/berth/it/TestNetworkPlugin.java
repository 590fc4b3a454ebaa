package dev.berth.it;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
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
    private final PluginProcess process;

    private TestNetworkPlugin(String name, Path socket, ScratchDir scratch) {
        this.name = name;
        this.socket = socket;
        this.scratch = scratch;
        this.process = new PluginProcess("plugin " + name, scratch.resolve("plugin.log"));
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
            plugin.process.start(PluginProcess.target(module), module, mainClass, socket, args);
            return plugin;
        } catch (RuntimeException | Error e) {
            plugin.close();
            throw e;
        }
    }

    public String name() { return name; }

    public Path socket() { return socket; }

    public String output() { return process.output(); }

    @Override
    public void close() {
        try {
            process.stop();
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
