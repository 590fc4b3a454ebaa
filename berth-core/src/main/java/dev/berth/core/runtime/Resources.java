package dev.berth.core.runtime;

/**
 * cgroup limits as Docker's HostConfig states them. Every component is nullable: null means "not
 * set" (on create: no limit; on update: leave unchanged). Values are Docker's units.
 *
 * @param cpuShares         --cpu-shares (relative weight, 2..262144)
 * @param nanoCpus          --cpus × 10⁹; becomes quota/period (period 100ms); exclusive with the next two
 * @param cpuQuota          --cpu-quota in µs per period, -1 for unlimited
 * @param cpuPeriod         --cpu-period in µs
 * @param cpusetCpus        --cpuset-cpus, e.g. {@code 0-1}
 * @param cpusetMems        --cpuset-mems
 * @param memory            -m in bytes
 * @param memoryReservation --memory-reservation (soft limit) in bytes
 * @param memorySwap        --memory-swap: memory+swap in bytes; -1 unlimited; null with memory set means 2×memory
 * @param pidsLimit         --pids-limit; 0 or -1 means unlimited
 * @param blkioWeight       --blkio-weight 10..1000
 * @param oomKillDisable    --oom-kill-disable
 */
public record Resources(Long cpuShares, Long nanoCpus, Long cpuQuota, Long cpuPeriod, String cpusetCpus,
                        String cpusetMems, Long memory, Long memoryReservation, Long memorySwap, Long pidsLimit,
                        Integer blkioWeight, Boolean oomKillDisable) {

    public static final Resources NONE = new Resources(null, null, null, null, null, null, null, null, null, null, null, null);

    public Resources withCpuShares(Long v) { return new Resources(v, nanoCpus, cpuQuota, cpuPeriod, cpusetCpus, cpusetMems, memory, memoryReservation, memorySwap, pidsLimit, blkioWeight, oomKillDisable); }
    public Resources withNanoCpus(Long v) { return new Resources(cpuShares, v, cpuQuota, cpuPeriod, cpusetCpus, cpusetMems, memory, memoryReservation, memorySwap, pidsLimit, blkioWeight, oomKillDisable); }
    public Resources withCpuQuota(Long quota, Long period) { return new Resources(cpuShares, nanoCpus, quota, period, cpusetCpus, cpusetMems, memory, memoryReservation, memorySwap, pidsLimit, blkioWeight, oomKillDisable); }
    public Resources withCpuset(String cpus, String mems) { return new Resources(cpuShares, nanoCpus, cpuQuota, cpuPeriod, cpus, mems, memory, memoryReservation, memorySwap, pidsLimit, blkioWeight, oomKillDisable); }
    public Resources withMemory(Long v) { return new Resources(cpuShares, nanoCpus, cpuQuota, cpuPeriod, cpusetCpus, cpusetMems, v, memoryReservation, memorySwap, pidsLimit, blkioWeight, oomKillDisable); }
    public Resources withMemoryReservation(Long v) { return new Resources(cpuShares, nanoCpus, cpuQuota, cpuPeriod, cpusetCpus, cpusetMems, memory, v, memorySwap, pidsLimit, blkioWeight, oomKillDisable); }
    public Resources withMemorySwap(Long v) { return new Resources(cpuShares, nanoCpus, cpuQuota, cpuPeriod, cpusetCpus, cpusetMems, memory, memoryReservation, v, pidsLimit, blkioWeight, oomKillDisable); }
    public Resources withPidsLimit(Long v) { return new Resources(cpuShares, nanoCpus, cpuQuota, cpuPeriod, cpusetCpus, cpusetMems, memory, memoryReservation, memorySwap, v, blkioWeight, oomKillDisable); }
    public Resources withBlkioWeight(Integer v) { return new Resources(cpuShares, nanoCpus, cpuQuota, cpuPeriod, cpusetCpus, cpusetMems, memory, memoryReservation, memorySwap, pidsLimit, v, oomKillDisable); }
    public Resources withOomKillDisable(Boolean v) { return new Resources(cpuShares, nanoCpus, cpuQuota, cpuPeriod, cpusetCpus, cpusetMems, memory, memoryReservation, memorySwap, pidsLimit, blkioWeight, v); }
}
