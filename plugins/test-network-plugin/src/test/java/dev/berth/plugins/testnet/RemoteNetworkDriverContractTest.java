package dev.berth.plugins.testnet;

import static org.assertj.core.api.Assertions.assertThat;

import dev.berth.core.network.NetworkDriver;
import dev.berth.core.network.NetworkSandboxes;
import dev.berth.network.IpRoute2;
import dev.berth.network.IpSandboxes;
import dev.berth.plugins.PluginClient;
import dev.berth.plugins.PluginSpec;
import dev.berth.plugins.PluginTimeouts;
import dev.berth.plugins.RemoteNetworkDriver;
import dev.berth.plugins.sdk.PluginServer;
import dev.berth.plugins.sdk.Subsystem;
import dev.berth.testkit.NetworkDriverContract;
import java.net.URI;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The network driver contract through the whole protocol: RemoteNetworkDriver → unix socket → SDK
 * → BridgeNetworkPlugin, its veths placed by Berth's IpSandboxes as the network service does.
 */
class RemoteNetworkDriverContractTest extends NetworkDriverContract {
    @TempDir Path dir;
    private PluginServer server;
    private RemoteNetworkDriver driver;

    @BeforeEach
    void start() throws Exception {
        Path socket = dir.resolve("net.sock");
        server = PluginServer.serve(socket, Subsystem.network(new BridgeNetworkPlugin(runner)));
        PluginClient client = new PluginClient(new PluginSpec("testnet", URI.create("unix://" + socket), null), PluginTimeouts.DOCKER);
        assertThat(client.activate(true)).containsExactly("NetworkDriver");
        driver = new RemoteNetworkDriver(client);
    }

    @AfterEach
    void stop() {
        server.close();
    }

    @Override protected NetworkDriver driver() { return driver; }

    @Override protected NetworkSandboxes sandboxes() { return new IpSandboxes(new IpRoute2(runner)); }

    @Override protected Map<String, String> networkOptions() { return Map.of(BridgeNetworkPlugin.BRIDGE_OPTION, "tc" + suffix); }

    @Override protected void cleanUpHost() { runner.run(List.of("ip", "link", "del", "dev", "tc" + suffix), T); }

    @Test
    void capabilitiesAndOptionalCallsWork() {
        assertThat(driver.scope()).isEqualTo("local");
        assertThat(driver.endpointOperInfo("n".repeat(64), "e".repeat(64))).isEmpty();
        driver.revokeExternalConnectivity("n".repeat(64), "e".repeat(64));
    }

    @Test
    void pluginErrorsNameThePluginAndTheCall() {
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> driver.deleteNetwork("nope"))
            .hasMessageContaining("plugin \"testnet\": NetworkDriver.DeleteNetwork: no such network nope");
    }
}
