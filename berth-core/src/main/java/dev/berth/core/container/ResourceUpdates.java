package dev.berth.core.container;

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

    private static <T> T or(T patch, T old) { return patch != null ? patch : old; }
}
