package dev.berth.api;

import dev.berth.core.event.EventBus;
import dev.berth.core.network.IpamDriver;
import dev.berth.core.network.Ipv4Cidr;
import dev.berth.core.network.LocalNetworkService;
import dev.berth.core.network.NetworkDriver;
import dev.berth.core.network.NetworkStore;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** A real {@link LocalNetworkService} over a driver that touches nothing, a counting IPAM and an in-memory store. */
final class FakeNetworks {
    private FakeNetworks() {}

    static LocalNetworkService service(EventBus events) {
        NetworkDriver bridge = new NetworkDriver() {
            @Override public String name() { return "bridge"; }
            @Override public void createNetwork(NetworkSpec spec, boolean restore) {}
            @Override public void deleteNetwork(String networkId) {}
            @Override public EndpointInterface createEndpoint(String n, String e, EndpointInterface r) { return r; }
            @Override public void deleteEndpoint(String n, String e) {}
            @Override public JoinInfo join(String n, String e, String key, String ifName, boolean gw) { return new JoinInfo(ifName, null, List.of()); }
            @Override public void leave(String n, String e) {}
        };
        IpamDriver ipam = new IpamDriver() {
            int next = 0;
            final Map<String, Integer> used = new LinkedHashMap<>();
            @Override public AddressSpaces defaultAddressSpaces() { return new AddressSpaces("LocalDefault", "GlobalDefault"); }
            @Override public synchronized Pool requestPool(String space, String pool, String sub, Map<String, String> o) {
                Ipv4Cidr c = pool != null ? Ipv4Cidr.parse(pool) : Ipv4Cidr.parse("172." + (18 + next++) + ".0.0/16");
                used.put(c.toString(), 1);
                return new Pool(c.toString(), c);
            }
            @Override public void releasePool(String poolId) {}
            @Override public synchronized Ipv4Cidr requestAddress(String poolId, String address, Map<String, String> o) {
                Ipv4Cidr p = Ipv4Cidr.parse(poolId);
                if (address != null) return p.withAddress(Ipv4Cidr.parseAddress(address));
                int n = used.merge(poolId, 1, Integer::sum);
                return p.withAddress(p.first() + n - 1);
            }
            @Override public void releaseAddress(String poolId, String address) {}
        };
        NetworkStore store = new NetworkStore() {
            final Map<String, Stored> all = new LinkedHashMap<>();
            @Override public List<Stored> loadAll() { return new ArrayList<>(all.values()); }
            @Override public void save(Stored s) { all.put(s.network().id(), s); }
            @Override public void delete(String id) { all.remove(id); }
        };
        var service = new LocalNetworkService(List.of(bridge), ipam, store, events, Clock.systemUTC(),
            new dev.berth.core.network.DefaultBridge("berth0", null, null, 1500, true));
        service.start();
        return service;
    }
}
