package dev.berth.network;

import dev.berth.common.error.BerthException;
import dev.berth.core.network.IpamDriver;
import dev.berth.core.network.Ipv4Cidr;
import java.util.BitSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * The built-in IPAM driver. Pools come from explicit requests or from the default pools, skipping
 * any that overlap a pool already handed out or a route the host already has (so a new bridge
 * never hides the host's own networks). Addresses are handed out lowest-free first; the network
 * and broadcast addresses never are. State lives in memory: the network service re-requests
 * everything by value on start.
 */
public final class DefaultIpam implements IpamDriver {
    public static final String LOCAL_SPACE = "LocalDefault";

    private final List<AddressPool> defaults;
    private final Supplier<List<Ipv4Cidr>> hostRoutes;
    private final Map<String, Allocated> pools = new LinkedHashMap<>();

    /** One pool: its addresses in use, as offsets from the pool's first address. */
    private record Allocated(Ipv4Cidr pool, Ipv4Cidr range, BitSet used) {}

    public DefaultIpam(List<AddressPool> defaults, Supplier<List<Ipv4Cidr>> hostRoutes) {
        this.defaults = List.copyOf(defaults.isEmpty() ? AddressPool.DOCKER_DEFAULTS : defaults);
        this.hostRoutes = hostRoutes;
    }

    @Override
    public AddressSpaces defaultAddressSpaces() {
        return new AddressSpaces(LOCAL_SPACE, "GlobalDefault");
    }

    @Override
    public synchronized Pool requestPool(String addressSpace, String pool, String subPool, Map<String, String> options) {
        Ipv4Cidr chosen;
        if (pool != null) {
            chosen = Ipv4Cidr.parse(pool);
            if (!chosen.isNetwork()) chosen = chosen.network();
            for (Allocated a : pools.values()) {
                if (a.pool.overlaps(chosen)) {
                    throw new BerthException.Forbidden("invalid pool request: Pool overlaps with other one on this address space");
                }
            }
        } else {
            if (subPool != null) throw new BerthException.InvalidArgument("a sub-pool needs a pool");
            chosen = nextDefault();
        }
        Ipv4Cidr range = subPool == null ? chosen : Ipv4Cidr.parse(subPool).network();
        if (!chosen.contains(range)) {
            throw new BerthException.InvalidArgument("invalid pool request: sub-pool " + subPool + " is not inside " + chosen);
        }
        String id = addressSpace + "/" + chosen + (subPool == null ? "" : "/" + range);
        pools.put(id, new Allocated(chosen, range, new BitSet()));
        return new Pool(id, chosen);
    }

    private Ipv4Cidr nextDefault() {
        List<Ipv4Cidr> routes = hostRoutes.get();
        for (AddressPool p : defaults) {
            for (long i = 0; i < p.count(); i++) {
                Ipv4Cidr candidate = p.nth(i);
                boolean taken = pools.values().stream().anyMatch(a -> a.pool.overlaps(candidate))
                    || routes.stream().anyMatch(r -> r.overlaps(candidate));
                if (!taken) return candidate;
            }
        }
        throw new BerthException.Unavailable(
            "could not find an available, non-overlapping IPv4 address pool among the defaults to assign to the network");
    }

    @Override
    public synchronized void releasePool(String poolId) {
        pools.remove(poolId);
    }

    @Override
    public synchronized Ipv4Cidr requestAddress(String poolId, String address, Map<String, String> options) {
        Allocated a = pools.get(poolId);
        if (a == null) throw new BerthException.NotFound("no pool " + poolId);
        Ipv4Cidr pool = a.pool;
        boolean gateway = GATEWAY_VALUE.equals(options.get(GATEWAY_OPTION));
        int offset;
        if (address != null) {
            int ip = Ipv4Cidr.parseAddress(address);
            if (!pool.contains(ip)) throw new BerthException.InvalidArgument("address " + address + " is not in pool " + pool);
            offset = ip - pool.first();
            if (a.used.get(offset)) throw new BerthException.Conflict("Address already in use: " + address);
        } else {
            // the gateway takes the first address of the pool, containers the first free one of the range
            int from = gateway ? 1 : a.range.first() - pool.first();
            int to = gateway ? (int) pool.size() - 1 : a.range.last() - pool.first() + 1;
            offset = a.used.nextClearBit(Math.max(from, 1));
            if (offset >= to || offset >= pool.size() - 1) {
                throw new BerthException.Unavailable("no available IPv4 addresses on this network's address pools: " + pool);
            }
        }
        a.used.set(offset);
        return pool.withAddress(pool.first() + offset);
    }

    @Override
    public synchronized void releaseAddress(String poolId, String address) {
        Allocated a = pools.get(poolId);
        if (a == null) return;
        a.used.clear(Ipv4Cidr.parseAddress(address) - a.pool.first());
    }
}
