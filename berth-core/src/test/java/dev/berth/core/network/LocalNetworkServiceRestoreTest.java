package dev.berth.core.network;

import static org.assertj.core.api.Assertions.assertThat;

import dev.berth.common.error.BerthException;
import dev.berth.core.event.EventBus;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Plugin networks across a daemon restart: plugins keep their own state, so nothing asks them
 * again at start (a plugin that is down must not stop the daemon), built-in plumbing is rebuilt,
 * and DNS servers follow the networks.
 */
class LocalNetworkServiceRestoreTest {
    private final MemoryStore store = new MemoryStore();
    private final RecordingDriver bridge = new RecordingDriver("bridge");
    private final RecordingDriver pluginDriver = new RecordingDriver("plug-net");
    private final RecordingIpam pluginIpam = new RecordingIpam();
    private final RecordingDns dns = new RecordingDns();

    private final NetworkPlugins plugins = new NetworkPlugins() {
        @Override public NetworkDriver networkDriver(String name) {
            if (name.equals("plug-net")) return pluginDriver;
            throw new BerthException.NotFound("plugin \"" + name + "\" not found");
        }

        @Override public IpamDriver ipamDriver(String name) {
            if (name.equals("plug-ipam")) return pluginIpam;
            throw new BerthException.NotFound("plugin \"" + name + "\" not found");
        }
    };

    /** A plugin that is down: any lookup fails. */
    private static final NetworkPlugins DOWN = new NetworkPlugins() {
        @Override public NetworkDriver networkDriver(String name) { throw new BerthException.Unavailable("down"); }

        @Override public IpamDriver ipamDriver(String name) { throw new BerthException.Unavailable("down"); }
    };

    private LocalNetworkService service(NetworkPlugins with) {
        var s = new LocalNetworkService(List.of(bridge), new RecordingIpam(), store, new EventBus(Clock.systemUTC()),
            Clock.systemUTC(), null, with, dns, NetworkSandboxes.NONE);
        s.start();
        return s;
    }

    private static NetworkService.CreateRequest request(String name, String driver, String ipamDriver) {
        return new NetworkService.CreateRequest(name, driver, false, false, false, false,
            new IpamConfig(ipamDriver, List.of(), null), Map.of(), Map.of(), false);
    }

    @Test
    void aBridgeNetworkWithAnIpamPluginIsRebuiltWithoutAskingThePlugin() {
        var first = service(plugins);
        Network n = first.create(request("n1", "bridge", "plug-ipam")).network();
        assertThat(n.subnet()).hasToString("10.50.0.0/24");
        assertThat(first.dnsServerFor("n1")).isEqualTo("10.50.0.1");
        first.close();
        assertThat(bridge.calls).containsExactly("create " + n.id() + " false", "release " + n.id());
        assertThat(dns.running).isEmpty();
        int ipamCalls = pluginIpam.calls.size();

        var second = service(DOWN);
        assertThat(bridge.calls).last().isEqualTo("create " + n.id() + " true");
        assertThat(pluginIpam.calls).hasSize(ipamCalls);
        assertThat(second.dnsServerFor("n1")).isEqualTo("10.50.0.1");
        assertThat(second.inspect("n1").ipam().config()).singleElement()
            .satisfies(p -> assertThat(p.subnet()).isEqualTo("10.50.0.0/24"));
        second.close();

        var third = service(plugins);
        third.remove("n1");
        assertThat(pluginIpam.calls).endsWith("releaseAddress plug/10.50.0.0/24 10.50.0.1", "releasePool plug/10.50.0.0/24");
        assertThat(dns.running).isEmpty();
    }

    @Test
    void aPluginDriverNetworkIsNeitherReleasedNorRecreatedAndHasNoDns() {
        var first = service(plugins);
        Network n = first.create(request("p1", "plug-net", "plug-ipam")).network();
        assertThat(first.dnsServerFor("p1")).as("DNS is for bridge networks").isNull();
        first.close();
        assertThat(pluginDriver.calls).containsExactly("create " + n.id() + " false");

        var second = service(DOWN);
        assertThat(second.inspect("p1").driver()).isEqualTo("plug-net");
        second.close();
        assertThat(pluginDriver.calls).hasSize(1);

        service(plugins).remove("p1");
        assertThat(pluginDriver.calls).last().isEqualTo("delete " + n.id());
        assertThat(pluginIpam.calls).last().isEqualTo("releasePool plug/10.50.0.0/24");
    }

    @Test
    void anUnknownPluginIsNotFound() {
        var s = service(plugins);
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> s.create(request("x", "nosuch", null)))
            .isInstanceOf(BerthException.NotFound.class).hasMessage("plugin \"nosuch\" not found");
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> s.create(request("y", "bridge", "nosuch")))
            .isInstanceOf(BerthException.NotFound.class).hasMessage("plugin \"nosuch\" not found");
        assertThat(s.list(new dev.berth.core.filter.Filters(Map.of()))).extracting(Network::name).containsExactly("host", "none");
    }

    private static final class MemoryStore implements NetworkStore {
        final Map<String, Stored> stored = new LinkedHashMap<>();

        @Override public List<Stored> loadAll() { return List.copyOf(stored.values()); }

        @Override public void save(Stored s) { stored.put(s.network().id(), s); }

        @Override public void delete(String networkId) { stored.remove(networkId); }
    }

    private static final class RecordingDriver implements NetworkDriver {
        final String name;
        final List<String> calls = new ArrayList<>();

        RecordingDriver(String name) { this.name = name; }

        @Override public String name() { return name; }

        @Override public void createNetwork(NetworkSpec spec, boolean restore) { calls.add("create " + spec.networkId() + " " + restore); }

        @Override public void deleteNetwork(String networkId) { calls.add("delete " + networkId); }

        @Override public void release(String networkId) { calls.add("release " + networkId); }

        @Override public EndpointInterface createEndpoint(String networkId, String endpointId, EndpointInterface requested) {
            return requested;
        }

        @Override public void deleteEndpoint(String networkId, String endpointId) {}

        @Override public JoinInfo join(String networkId, String endpointId, String sandboxKey, String ifName, boolean gw) {
            return new JoinInfo(ifName, null, List.of());
        }

        @Override public void leave(String networkId, String endpointId) {}
    }

    /** Hands out 10.50.0.0/24 (plugin) and the gateway .1; records every call. */
    private static final class RecordingIpam implements IpamDriver {
        final List<String> calls = new ArrayList<>();

        @Override public AddressSpaces defaultAddressSpaces() { return new AddressSpaces("plug", "plugGlobal"); }

        @Override public Pool requestPool(String space, String pool, String subPool, Map<String, String> options) {
            String cidr = pool != null ? pool : "10.50.0.0/24";
            calls.add("requestPool " + cidr);
            return new Pool("plug/" + cidr, Ipv4Cidr.parse(cidr));
        }

        @Override public void releasePool(String poolId) { calls.add("releasePool " + poolId); }

        @Override public Ipv4Cidr requestAddress(String poolId, String address, Map<String, String> options) {
            calls.add("requestAddress " + poolId + " " + address);
            return Ipv4Cidr.parse((address != null ? address : "10.50.0.1") + "/24");
        }

        @Override public void releaseAddress(String poolId, String address) { calls.add("releaseAddress " + poolId + " " + address); }
    }

    private static final class RecordingDns implements NetworkDns {
        final List<String> running = new ArrayList<>();

        @Override public String start(String networkId, Ipv4Cidr gateway, NetworkNames names, boolean forwardExternal) {
            running.add(networkId);
            return gateway.addressText();
        }

        @Override public void stop(String networkId) { running.remove(networkId); }
    }
}
