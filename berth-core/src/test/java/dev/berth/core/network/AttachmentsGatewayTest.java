package dev.berth.core.network;

import static org.assertj.core.api.Assertions.assertThat;

import dev.berth.core.event.EventBus;
import dev.berth.core.network.NetworkService.NetworkSettingsRequest;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Which endpoint gives a container its default route and its published ports: the first on a
 * network with a way out, as dockerd's gateway endpoint. Compose connects a service's networks in
 * name order, so an internal "back" network often comes before "front".
 */
class AttachmentsGatewayTest {
    private final RecordingBridge bridge = new RecordingBridge();
    private final LocalNetworkService service = new LocalNetworkService(List.of(bridge), new CountingIpam(), new MemoryStore(),
        new EventBus(Clock.systemUTC()), Clock.systemUTC(), null);

    @Test
    void anInternalNetworkFirstLeavesTheDefaultRouteAndThePortsToTheNextNetwork() {
        service.start();
        service.create(request("back", true));
        service.create(request("front", false));
        var back = service.attach("c1", "web", "/proc/1/ns/net", new NetworkSettingsRequest("back", List.of(), null, null), List.of());
        var front = service.attach("c1", "web", "/proc/1/ns/net", new NetworkSettingsRequest("front", List.of(), null, null), List.of());
        assertThat(back.gateway()).as("shown as dockerd shows it").isEqualTo("10.70.0.1");
        assertThat(back.wayOut()).isFalse();
        assertThat(front.wayOut()).isTrue();
        assertThat(bridge.joins).containsExactly("eth0 gw=false", "eth1 gw=true");
    }

    @Test
    void aSecondNetworkWithAWayOutDoesNotTakeTheDefaultRouteFromTheFirst() {
        service.start();
        service.create(request("one", false));
        service.create(request("two", false));
        service.attach("c1", "web", "/proc/1/ns/net", new NetworkSettingsRequest("one", List.of(), null, null), List.of());
        service.attach("c1", "web", "/proc/1/ns/net", new NetworkSettingsRequest("two", List.of(), null, null), List.of());
        assertThat(bridge.joins).containsExactly("eth0 gw=true", "eth1 gw=false");
    }

    private static NetworkService.CreateRequest request(String name, boolean internal) {
        return new NetworkService.CreateRequest(name, "bridge", internal, false, false, false,
            new IpamConfig("default", List.of(), null), Map.of(), Map.of(), false);
    }

    private static final class RecordingBridge implements NetworkDriver {
        final List<String> joins = new ArrayList<>();

        @Override public String name() { return "bridge"; }

        @Override public void createNetwork(NetworkSpec spec, boolean restore) {}

        @Override public void deleteNetwork(String networkId) {}

        @Override public EndpointInterface createEndpoint(String networkId, String endpointId, EndpointInterface requested) {
            return requested;
        }

        @Override public void deleteEndpoint(String networkId, String endpointId) {}

        @Override public JoinInfo join(String networkId, String endpointId, String sandboxKey, String ifName, boolean gw) {
            joins.add(ifName + " gw=" + gw);
            return new JoinInfo(ifName, "10.70.0.1", List.of()); // the bridge driver names its gateway either way
        }

        @Override public void leave(String networkId, String endpointId) {}
    }

    /** A /24 per network (10.70.N.0/24), addresses handed out in order from .1. */
    private static final class CountingIpam implements IpamDriver {
        private int pools;
        private final Map<String, Integer> next = new HashMap<>();

        @Override public AddressSpaces defaultAddressSpaces() { return new AddressSpaces("local", "global"); }

        @Override public Pool requestPool(String space, String pool, String subPool, Map<String, String> options) {
            String cidr = pool != null ? pool : "10.70." + pools++ + ".0/24";
            return new Pool(cidr, Ipv4Cidr.parse(cidr));
        }

        @Override public void releasePool(String poolId) {}

        @Override public Ipv4Cidr requestAddress(String poolId, String address, Map<String, String> options) {
            int host = next.merge(poolId, 1, Integer::sum);
            return Ipv4Cidr.parse(address != null ? address + "/24" : poolId.replace(".0/24", "." + host + "/24"));
        }

        @Override public void releaseAddress(String poolId, String address) {}
    }

    private static final class MemoryStore implements NetworkStore {
        final Map<String, Stored> stored = new HashMap<>();

        @Override public List<Stored> loadAll() { return List.copyOf(stored.values()); }

        @Override public void save(Stored s) { stored.put(s.network().id(), s); }

        @Override public void delete(String networkId) { stored.remove(networkId); }
    }
}
