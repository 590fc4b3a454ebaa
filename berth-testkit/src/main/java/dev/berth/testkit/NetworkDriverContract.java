package dev.berth.testkit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.berth.common.process.CommandRunner;
import dev.berth.common.process.HostCommandRunner;
import dev.berth.core.network.Ipv4Cidr;
import dev.berth.core.network.NetworkDriver;
import dev.berth.core.network.NetworkSandboxes;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * What every {@link NetworkDriver} must do on the real kernel, built-in or a plugin behind
 * {@code RemoteNetworkDriver}: endpoints joined into network namespaces get their address, reach
 * the gateway and each other, and are gone after leave/delete. A driver that answers Join with a
 * host interface ({@code srcName}) has it placed by {@link #sandboxes()}, as the network service
 * does. Needs root; the suite owns its namespaces ({@code nc-<random>-…}) and a subnet no host
 * route uses, and removes them even when a test fails. Traffic stays inside those namespaces.
 */
public abstract class NetworkDriverContract {
    protected static final Duration T = Duration.ofSeconds(20);
    protected final CommandRunner runner = new HostCommandRunner();
    /** Random per test: subclasses name their bridges with it. */
    protected final String suffix = HexFormat.of().formatHex(new SecureRandom().generateSeed(3));
    private final List<String> namespaces = new ArrayList<>();
    private final List<String> networks = new ArrayList<>();
    protected Ipv4Cidr subnet;

    protected abstract NetworkDriver driver();

    /** How endpoints with a {@code srcName} get into their namespace (the network service's job). */
    protected abstract NetworkSandboxes sandboxes();

    /** The network's options, e.g. the bridge name to use (built from {@link #suffix}). */
    protected abstract Map<String, String> networkOptions();

    /** Whatever else the subclass must remove (its bridge if a test failed half-way). */
    protected void cleanUpHost() {}

    @BeforeEach
    void pickSubnet() {
        Assumptions.assumeTrue("root".equals(System.getProperty("user.name")), "needs root");
        String routes = runner.run(List.of("ip", "-4", "route", "show"), T).stdout();
        SecureRandom r = new SecureRandom();
        do {
            subnet = Ipv4Cidr.parse("10." + (150 + r.nextInt(40)) + "." + r.nextInt(256) + ".0/24");
        } while (routes.contains(subnet.addressText().substring(0, subnet.addressText().lastIndexOf('.'))));
    }

    @AfterEach
    void cleanUp() {
        for (String id : networks) {
            try {
                driver().deleteNetwork(id);
            } catch (RuntimeException ignored) {
                // deleted by the test
            }
        }
        for (String ns : namespaces) runner.run(List.of("ip", "netns", "del", ns), T);
        cleanUpHost();
    }

    protected Ipv4Cidr address(int host) { return subnet.withAddress(subnet.first() + host); }

    private String network() {
        String id = HexFormat.of().formatHex(new SecureRandom().generateSeed(32));
        driver().createNetwork(new NetworkDriver.NetworkSpec(id, "contract-" + suffix, subnet, address(1), false,
            networkOptions(), Map.of()), false);
        networks.add(id);
        return id;
    }

    private String netns(String name) {
        String ns = "nc-" + suffix + "-" + name;
        runner.check(List.of("ip", "netns", "add", ns), T);
        namespaces.add(ns);
        return "/run/netns/" + ns;
    }

    /** Endpoint → join → placement when the driver asks for it; returns the name inside. */
    private String join(String networkId, String endpointId, int host, String netns) {
        var itf = driver().createEndpoint(networkId, endpointId, new NetworkDriver.EndpointInterface(address(host), null));
        assertEquals(address(host), itf.address());
        var join = driver().join(networkId, endpointId, netns, "eth0", true);
        if (join.srcName() == null) return join.interfaceName();
        String inside = join.interfaceName() + "0";
        sandboxes().place(new NetworkSandboxes.Placement(netns, join.srcName(), inside, address(host), null, join.gateway(),
            join.staticRoutes()));
        return inside;
    }

    private CommandRunner.Result in(String netns, String... argv) {
        List<String> full = new ArrayList<>(List.of("nsenter", "--net=" + netns));
        full.addAll(List.of(argv));
        return runner.run(full, T);
    }

    @Test
    void aJoinedEndpointHasItsAddressReachesTheGatewayAndIsGoneAfterLeave() {
        String net = network();
        String ns = netns("a");
        String endpoint = "e".repeat(64);
        String itf = join(net, endpoint, 2, ns);
        assertTrue(in(ns, "ip", "-4", "addr", "show", "dev", itf).stdout().contains(address(2).toString()), "address on " + itf);
        assertTrue(in(ns, "busybox", "ping", "-c", "1", "-W", "3", address(1).addressText()).ok(), "gateway reachable");
        assertTrue(in(ns, "ip", "route", "show", "default").stdout().contains(address(1).addressText()), "default route");

        driver().leave(net, endpoint);
        driver().deleteEndpoint(net, endpoint);
        assertFalse(in(ns, "ip", "link", "show", itf).ok(), itf + " gone");
        driver().deleteNetwork(net);
        networks.remove(net);
    }

    @Test
    void twoEndpointsOnOneNetworkReachEachOther() {
        String net = network();
        String a = netns("a");
        String b = netns("b");
        join(net, "a".repeat(64), 2, a);
        join(net, "b".repeat(64), 3, b);
        assertTrue(in(a, "busybox", "ping", "-c", "1", "-W", "3", address(3).addressText()).ok(), "a reaches b");
        assertTrue(in(b, "busybox", "ping", "-c", "1", "-W", "3", address(2).addressText()).ok(), "b reaches a");
        for (String e : List.of("a".repeat(64), "b".repeat(64))) {
            driver().leave(net, e);
            driver().deleteEndpoint(net, e);
        }
    }
}
