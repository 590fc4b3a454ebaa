package dev.berth.plugins.testipam;

import static org.assertj.core.api.Assertions.assertThat;

import dev.berth.core.network.IpamDriver;
import dev.berth.core.network.Ipv4Cidr;
import dev.berth.plugins.PluginClient;
import dev.berth.plugins.PluginSpec;
import dev.berth.plugins.PluginTimeouts;
import dev.berth.plugins.RemoteIpamDriver;
import dev.berth.plugins.sdk.PluginServer;
import dev.berth.plugins.sdk.Subsystem;
import dev.berth.testkit.IpamDriverContract;
import java.net.URI;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The IPAM contract through the whole protocol: RemoteIpamDriver → unix socket → SDK → PoolIpamPlugin. */
class RemoteIpamDriverContractTest extends IpamDriverContract {
    @TempDir Path dir;
    private PluginServer server;
    private RemoteIpamDriver driver;
    private PluginClient client;

    @BeforeEach
    void start() throws Exception {
        Path socket = dir.resolve("ipam.sock");
        server = PluginServer.serve(socket, Subsystem.ipam(new PoolIpamPlugin(List.of(Ipv4Cidr.parse("10.66.1.0/24")))));
        client = new PluginClient(new PluginSpec("testipam", URI.create("unix://" + socket), null), PluginTimeouts.DOCKER);
        assertThat(client.activate(true)).containsExactly("IpamDriver");
        driver = new RemoteIpamDriver(client);
    }

    @AfterEach
    void stop() {
        server.close();
    }

    @Override protected IpamDriver driver() { return driver; }

    @Override protected Ipv4Cidr subnet() { return Ipv4Cidr.parse("10.66.2.0/24"); }

    @Test
    void aNetworkWithoutASubnetGetsThePluginsPoolAndItsSpaces() {
        assertThat(driver.defaultAddressSpaces()).isEqualTo(new IpamDriver.AddressSpaces("TestLocal", "TestGlobal"));
        var pool = driver.requestPool("TestLocal", null, null, Map.of());
        assertThat(pool.pool()).hasToString("10.66.1.0/24");
        assertThat(pool.poolId()).isEqualTo("TestLocal/10.66.1.0/24");
        assertThat(driver.capabilities().requiresMacAddress()).isFalse();
        driver.releasePool(pool.poolId());
    }

    @Test
    void aPluginErrorNamesThePluginAndTheCall() {
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> driver.releasePool("nonsense"))
            .hasMessageContaining("plugin \"testipam\": IpamDriver.ReleasePool: no such pool nonsense");
    }
}
