package dev.berth.core.runtime;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * One reading of a container's resource usage (the raw material of {@code docker stats}), in the
 * kernel's units: nanoseconds of CPU, bytes. Components the host cannot report are zero or empty.
 *
 * @param read      when it was taken
 * @param networks  per interface inside the container (loopback excluded)
 */
public record ResourceUsage(Instant read, Cpu cpu, Memory memory, Pids pids, List<Blkio> blkio,
                            Map<String, NetworkIo> networks) {
    public ResourceUsage {
        blkio = blkio == null ? List.of() : List.copyOf(blkio);
        networks = networks == null ? Map.of() : Map.copyOf(networks);
    }

    /**
     * @param perCpuNanos   per CPU (cgroup v1 only; empty on v2, as dockerd reports it)
     * @param systemNanos   the host's total CPU time (all CPUs, from /proc/stat), the denominator of CPU %
     */
    public record Cpu(long totalNanos, List<Long> perCpuNanos, long kernelNanos, long userNanos, long systemNanos,
                      int onlineCpus, long periods, long throttledPeriods, long throttledNanos) {
        public Cpu { perCpuNanos = perCpuNanos == null ? List.of() : List.copyOf(perCpuNanos); }
    }

    /**
     * @param limit the cgroup limit, capped at the host's memory (what an unlimited container may use)
     * @param stats memory.stat as the kernel names its keys
     */
    public record Memory(long usage, long maxUsage, long limit, long failcnt, Map<String, Long> stats) {
        public Memory { stats = stats == null ? Map.of() : Map.copyOf(stats); }
    }

    /** @param limit 0 when unlimited (dockerd omits it then) */
    public record Pids(long current, long limit) {}

    /** @param op {@code read}, {@code write}, … as the kernel names it */
    public record Blkio(long major, long minor, String op, long value) {}

    public record NetworkIo(long rxBytes, long rxPackets, long rxErrors, long rxDropped, long txBytes, long txPackets,
                            long txErrors, long txDropped) {}
}
