package dev.berth.plugins.testnet;

import static org.assertj.core.api.Assertions.assertThat;

import dev.berth.common.process.CommandRunner;
import dev.berth.common.process.HostCommandRunner;
import dev.berth.core.event.EventBus;
import dev.berth.core.network.IpamConfig;
import dev.berth.core.network.IpamDriver;
import dev.berth.core.network.IpamPool;
import dev.berth.core.network.Ipv4Cidr;
import dev.berth.core.network.LocalNetworkService;
import dev.berth.core.network.NetworkDriver;
import dev.berth.core.network.NetworkPlugins;
import dev.berth.core.network.NetworkService;
import dev.berth.network.DefaultIpam;
import dev.berth.network.IpRoute2;
import dev.berth.network.IpSandboxes;
import dev.berth.network.JsonNetworkStore;
import dev.berth.plugins.PluginClient;
import dev.berth.plugins.PluginSpec;
import dev.berth.plugins.PluginTimeouts;
import dev.berth.plugins.RemoteNetworkDriver;
import dev.berth.plugins.sdk.PluginServer;
import dev.berth.plugins.sdk.Subsystem;
import java.net.URI;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The attach path of the network service with a plugin driver, on the real kernel: the plugin
 * makes a veth (SrcName), the service moves it into the "container" (a namespace the test made)
 * as DstPrefix + index with its address and default route, and takes it away on detach. Only the
 * test's own bridge, namespaces and a subnet no host route uses are touched.
 */
class PluginNetworkAttachKernelTest {
    private static final Duration T = Duration.ofSeconds(20);
    private final CommandRunner runner = new HostCommandRunner();
    private final String suffix = HexFormat.of().formatHex(new SecureRandom().generateSeed(3));
    private final List<String> namespaces = new ArrayList<>();
    @TempDir Path dir;
    private PluginServer server;
    private LocalNetworkService service;

    @AfterEach
    void cleanUp() {
        if (service != null) service.close();
        if (server != null) server.close();
        for (String ns : namespaces) runner.run(List.of("ip", "netns", "del", ns), T);
        runner.run(List.of("ip", "link", "del", "dev", "ta" + suffix), T);
    }

    private String netns(String name) {
        String ns = "pa-" + suffix + "-" + name;
        runner.check(List.of("ip", "netns", "add", ns), T);
        namespaces.add(ns);
        return "/run/netns/" + ns;
    }

    private CommandRunner.Result in(String netns, String... argv) {
        List<String> full = new ArrayList<>(List.of("nsenter", "--net=" + netns));
        full.addAll(List.of(argv));
        return runner.run(full, T);
    }

    private Ipv4Cidr freeSubnet() {
        String routes = runner.run(List.of("ip", "-4", "route", "show"), T).stdout();
        SecureRandom r = new SecureRandom();
        String prefix;
        do {
            prefix = "10." + (150 + r.nextInt(40)) + "." + r.nextInt(256);
        } while (routes.contains(prefix + "."));
        return Ipv4Cidr.parse(prefix + ".0/24");
    }

    @Test
    void aContainerOnAPluginNetworkGetsThePluginsInterfaceAsEthN() throws Exception {
        Assumptions.assumeTrue("root".equals(System.getProperty("user.name")), "needs root");
        Path socket = dir.resolve("net.sock");
        server = PluginServer.serve(socket, Subsystem.network(new BridgeNetworkPlugin(runner)));
        var client = new PluginClient(new PluginSpec("testnet", URI.create("unix://" + socket), null), PluginTimeouts.DOCKER);
        client.activate(true);
        var remote = new RemoteNetworkDriver(client);
        NetworkPlugins plugins = new NetworkPlugins() {
            @Override public NetworkDriver networkDriver(String name) { return remote; }

            @Override public IpamDriver ipamDriver(String name) { throw new UnsupportedOperationException(name); }
        };
        var ip = new IpRoute2(runner);
        service = new LocalNetworkService(List.of(), new DefaultIpam(List.of(), List::of), new JsonNetworkStore(dir.resolve("store")),
            new EventBus(Clock.systemUTC()), Clock.systemUTC(), null, plugins, dev.berth.core.network.NetworkDns.NONE,
            new IpSandboxes(ip));
        service.start();
        Ipv4Cidr subnet = freeSubnet();
        String net = service.create(new NetworkService.CreateRequest("pn-" + suffix, "testnet", false, false, false, false,
            new IpamConfig(null, List.of(new IpamPool(subnet.toString(), null, null, null)), null),
            Map.of(BridgeNetworkPlugin.BRIDGE_OPTION, "ta" + suffix), Map.of(), false)).network().id();
        String gateway = subnet.withAddress(subnet.first() + 1).addressText();

        String a = netns("a");
        String b = netns("b");
        var atA = service.attach("a".repeat(64), "/a", a, new NetworkService.NetworkSettingsRequest(net, List.of(), null, null), List.of());
        var atB = service.attach("b".repeat(64), "/b", b, new NetworkService.NetworkSettingsRequest(net, List.of(), null, null), List.of());
        assertThat(atA.ifName()).isEqualTo("eth0");
        assertThat(atA.gateway()).isEqualTo(gateway);
        assertThat(in(a, "ip", "-4", "-o", "addr", "show", "dev", "eth0").stdout()).contains(atA.address().toString());
        assertThat(in(a, "ip", "route", "show", "default").stdout()).contains("via " + gateway + " dev eth0");
        assertThat(in(a, "ip", "link", "show", "dev", "eth0").stdout()).as("the engine's MAC").contains(atA.macAddress());
        assertThat(in(a, "busybox", "ping", "-c", "1", "-W", "3", atB.address().addressText()).ok()).as("a reaches b").isTrue();
        assertThat(in(b, "busybox", "ping", "-c", "1", "-W", "3", gateway).ok()).as("b reaches the plugin's gateway").isTrue();

        service.detach("a".repeat(64), net);
        assertThat(in(a, "ip", "link", "show", "dev", "eth0").ok()).as("gone with the endpoint").isFalse();
        service.detachAll("b".repeat(64));
        service.remove(net);
        assertThat(runner.run(List.of("ip", "link", "show", "dev", "ta" + suffix), T).ok()).as("the plugin removed its bridge").isFalse();
    }
}
