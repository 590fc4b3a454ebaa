package dev.berth.core.container;

import dev.berth.common.error.BerthException;
import dev.berth.core.runtime.Resources;

/** {@code docker update}: the set components of a patch replace the stored ones. */
final class ResourceUpdates {
    private ResourceUpdates() {}

    static Resources merge(Resources old, Resources p) {
        return new Resources(or(p.cpuShares(), old.cpuShares()), or(p.nanoCpus(), old.nanoCpus()), or(p.cpuQuota(), old.cpuQuota()),
            or(p.cpuPeriod(), old.cpuPeriod()), or(p.cpusetCpus(), old.cpusetCpus()), or(p.cpusetMems(), old.cpusetMems()),
            or(p.memory(), old.memory()), or(p.memoryReservation(), old.memoryReservation()), or(p.memorySwap(), old.memorySwap()),
            or(p.pidsLimit(), old.pidsLimit()), or(p.blkioWeight(), old.blkioWeight()), or(p.oomKillDisable(), old.oomKillDisable()));
    }

    /**
     * dockerd's rule, checked before anything changes: a memory limit above the stored swap limit
     * (0 when none was set, -1 for unlimited) needs a swap limit in the same update.
     */
    static void checkSwap(String id, Resources old, Resources p) {
        if (p.memory() == null || p.memory() == 0 || (p.memorySwap() != null && p.memorySwap() != 0)) return;
        long swap = old.memorySwap() == null ? 0 : old.memorySwap();
        if (p.memory() > swap) {
            throw new BerthException.Conflict("Cannot update container " + id
                + ": Memory limit should be smaller than already set memoryswap limit, update the memoryswap at the same time");
        }
    }

    /** As dockerd stores a new container's limits: a memory limit without a swap limit gets swap = 2 × memory. */
    static Resources withDefaultSwap(Resources r) {
        boolean noSwap = r.memorySwap() == null || r.memorySwap() == 0;
        return r.memory() != null && r.memory() > 0 && noSwap ? r.withMemorySwap(r.memory() * 2) : r;
    }

    private static <T> T or(T patch, T old) { return patch != null ? patch : old; }
}
