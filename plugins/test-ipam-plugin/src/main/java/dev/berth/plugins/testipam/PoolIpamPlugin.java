package dev.berth.plugins.testipam;

import dev.berth.core.network.Ipv4Cidr;
import dev.berth.plugins.sdk.IpamPlugin;
import java.util.BitSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Hands out pools from a list given at start (for networks that ask for none) or any pool asked
 * by value, and addresses lowest-free first; the gateway takes the first host address unless one
 * is asked for. State is in memory: it lives as long as the plugin process.
 */
public final class PoolIpamPlugin implements IpamPlugin {
    public static final String LOCAL_SPACE = "TestLocal";
    public static final String GLOBAL_SPACE = "TestGlobal";

    private final List<Ipv4Cidr> defaults;
    private final Map<String, Allocated> pools = new LinkedHashMap<>();

    /** A pool and its addresses in use, as offsets from its first address. */
    private record Allocated(Ipv4Cidr pool, Ipv4Cidr range, BitSet used) {}

    public PoolIpamPlugin(List<Ipv4Cidr> defaults) {
        this.defaults = defaults.stream().map(Ipv4Cidr::network).toList();
    }

    @Override public String localAddressSpace() { return LOCAL_SPACE; }

    @Override public String globalAddressSpace() { return GLOBAL_SPACE; }

    @Override
    public synchronized Pool requestPool(String addressSpace, String pool, String subPool, Map<String, String> options, boolean v6) {
        if (v6) throw new IllegalArgumentException("testipam hands out IPv4 pools only");
        Ipv4Cidr chosen;
        if (pool.isEmpty()) {
            if (!subPool.isEmpty()) throw new IllegalArgumentException("a sub-pool needs a pool");
            chosen = defaults.stream().filter(d -> pools.values().stream().noneMatch(a -> a.pool.overlaps(d))).findFirst()
                .orElseThrow(() -> new IllegalStateException("testipam: no free pool among " + defaults));
        } else {
            chosen = Ipv4Cidr.parse(pool).network();
            if (pools.values().stream().anyMatch(a -> a.pool.overlaps(chosen))) {
                throw new IllegalStateException("pool " + chosen + " overlaps with other one on this address space");
            }
        }
        Ipv4Cidr range = subPool.isEmpty() ? chosen : Ipv4Cidr.parse(subPool).network();
        if (!chosen.contains(range)) throw new IllegalArgumentException("sub-pool " + subPool + " is not inside " + chosen);
        String id = addressSpace + "/" + chosen + (subPool.isEmpty() ? "" : "/" + range);
        pools.put(id, new Allocated(chosen, range, new BitSet()));
        return new Pool(id, chosen.toString());
    }

    @Override
    public synchronized void releasePool(String poolId) {
        if (pools.remove(poolId) == null) throw new IllegalArgumentException("no such pool " + poolId);
    }

    @Override
    public synchronized String requestAddress(String poolId, String address, Map<String, String> options) {
        Allocated a = allocated(poolId);
        int offset;
        if (!address.isEmpty()) {
            int ip = Ipv4Cidr.parseAddress(address);
            if (!a.pool.contains(ip)) throw new IllegalArgumentException("address " + address + " is not in pool " + a.pool);
            offset = ip - a.pool.first();
            if (a.used.get(offset)) throw new IllegalStateException("address already in use: " + address);
        } else {
            boolean gateway = GATEWAY_VALUE.equals(options.get(GATEWAY_OPTION));
            int from = gateway ? 1 : Math.max(1, a.range.first() - a.pool.first());
            int to = gateway ? (int) a.pool.size() - 1 : Math.min(a.range.last() - a.pool.first() + 1, (int) a.pool.size() - 1);
            offset = a.used.nextClearBit(from);
            if (offset >= to) throw new IllegalStateException("no available addresses in pool " + a.pool);
        }
        a.used.set(offset);
        return a.pool.withAddress(a.pool.first() + offset).toString();
    }

    @Override
    public synchronized void releaseAddress(String poolId, String address) {
        Allocated a = allocated(poolId);
        int ip = Ipv4Cidr.parseAddress(address.contains("/") ? address.substring(0, address.indexOf('/')) : address);
        if (a.pool.contains(ip)) a.used.clear(ip - a.pool.first());
    }

    private Allocated allocated(String poolId) {
        Allocated a = pools.get(poolId);
        if (a == null) throw new IllegalArgumentException("no such pool " + poolId);
        return a;
    }
}
