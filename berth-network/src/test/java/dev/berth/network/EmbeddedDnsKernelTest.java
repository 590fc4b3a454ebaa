package dev.berth.network;

import static org.assertj.core.api.Assertions.assertThat;

import dev.berth.core.event.EventBus;
import dev.berth.core.network.IpamConfig;
import dev.berth.core.network.IpamPool;
import dev.berth.core.network.LocalNetworkService;
import dev.berth.core.network.NetworkPlugins;
import dev.berth.core.network.NetworkService;
import dev.berth.network.dns.EmbeddedDns;
import dev.berth.network.dns.FakeUpstream;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A real user-defined bridge network through the network service, with its DNS server on the
 * gateway's port 53, queried with busybox nslookup from namespaces the test created and attached
 * as "containers". Upstream is a fake resolver on a loopback address: nothing leaves the host.
 */
class EmbeddedDnsKernelTest {
    private final KernelFixture fx = new KernelFixture();
    @TempDir Path dir;
    private LocalNetworkService service;
    private FakeUpstream upstream;

    @AfterEach
    void cleanUp() {
        try {
            if (service != null) service.close();
            if (upstream != null) upstream.close();
        } finally {
            fx.close();
        }
    }

    @Test
    void containersResolveEachOtherByNameAndAliasAndOtherNamesGoUpstream() throws Exception {
        upstream = new FakeUpstream("127.0.7." + (10 + new java.util.Random().nextInt(200)), 0);
        var ip = new IpRoute2(fx.runner);
        var iptables = new Iptables(fx.runner, fx.prefix);
        var bridge = new BridgeDriver(ip, iptables, new PortPublisher(iptables), new BridgeDriver.Settings(false, 1500));
        var dns = new EmbeddedDns(new EmbeddedDns.Settings(53, () -> List.of(upstream.address()), Duration.ofSeconds(2), 53));
        service = new LocalNetworkService(List.of(bridge), new DefaultIpam(List.of(), List::of), new JsonNetworkStore(dir),
            new EventBus(Clock.systemUTC()), Clock.systemUTC(), null, NetworkPlugins.NONE, dns, new IpSandboxes(ip));
        service.start();

        var created = service.create(new NetworkService.CreateRequest("dns-" + fx.suffix, "bridge", false, false, false, false,
            new IpamConfig(null, List.of(new IpamPool(fx.subnet.toString(), null, null, null)), null),
            Map.of(BridgeDriver.OPT_NAME, fx.bridge), Map.of(), false));
        String net = created.network().id();
        String gateway = fx.address(1).addressText();
        assertThat(service.dnsServerFor(net)).isEqualTo(gateway);
        assertThat(service.dnsServerFor("dns-" + fx.suffix)).as("by name too").isEqualTo(gateway);

        String web = fx.netns("web");
        String db = fx.netns("db");
        String webId = "1".repeat(64);
        var webAt = service.attach(webId, "/web", web, new NetworkService.NetworkSettingsRequest(net, List.of("api"), null, null), List.of());
        var dbAt = service.attach("2".repeat(64), "/db", db, new NetworkService.NetworkSettingsRequest(net, List.of("api"), null, null), List.of());
        String webIp = webAt.address().addressText();
        String dbIp = dbAt.address().addressText();

        assertThat(nslookup(db, "web", gateway)).contains(webIp);
        assertThat(nslookup(web, "db", gateway)).contains(dbIp);
        assertThat(nslookup(web, "api", gateway)).contains(webIp).contains(dbIp);
        assertThat(nslookup(db, webId.substring(0, 12), gateway)).as("short container id").contains(webIp);
        assertThat(nslookup(db, "www.example.test", gateway)).as("forwarded to the fake upstream").contains(FakeUpstream.ANSWER);

        service.detach(webId, net);
        assertThat(nslookup(db, "web", gateway)).as("gone, so asked upstream, which does not know it")
            .doesNotContain(webIp).contains("NXDOMAIN");
        assertThat(nslookup(db, "api", gateway)).contains(dbIp).doesNotContain(webIp);

        service.detachAll("2".repeat(64));
        service.remove(net);
        var after = fx.runner.run(List.of("ss", "-lunH", "src", gateway + ":53"), KernelFixture.T);
        assertThat(after.stdout()).as("the server stopped with the network").isBlank();
    }

    private String nslookup(String netns, String name, String server) {
        var r = fx.inNetns(netns, "busybox", "nslookup", name, server);
        return r.stdout() + r.stderr();
    }
}
