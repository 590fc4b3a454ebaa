package dev.berth.api.mappers;

import dev.berth.api.types.ContainerStatsResponse;
import dev.berth.api.types.ContainerStatsResponse.BlkioEntry;
import dev.berth.core.container.StatsService;
import dev.berth.core.runtime.ResourceUsage;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Domain → wire for {@code docker stats}: one reading plus the previous one (the CLI's CPU % is their difference). */
public final class StatsMapper {
    private static final ContainerStatsResponse.CpuStats NO_CPU = new ContainerStatsResponse.CpuStats(
        new ContainerStatsResponse.CpuUsage(0, List.of(), 0, 0), 0, 0, new ContainerStatsResponse.ThrottlingData(0, 0, 0));

    private StatsMapper() {}

    /** @param previous the reading before, null for the first one (precpu is then zero, as dockerd's first line) */
    public static ContainerStatsResponse line(StatsService.Sample sample, ResourceUsage previous) {
        ResourceUsage u = sample.usage();
        if (u == null) {
            // a stopped container: dockerd's zero-valued StatsJSON with only name and id
            return new ContainerStatsResponse(sample.name(), sample.id(), Timestamps.rfc3339(null), Timestamps.rfc3339(null),
                new ContainerStatsResponse.PidsStats(0, 0), blkio(List.of()), 0, Map.of(), NO_CPU, NO_CPU,
                new ContainerStatsResponse.MemoryStats(0, 0, Map.of(), 0, 0), Map.of());
        }
        var m = u.memory();
        return new ContainerStatsResponse(sample.name(), sample.id(), Timestamps.rfc3339(u.read()),
            Timestamps.rfc3339(previous == null ? null : previous.read()),
            new ContainerStatsResponse.PidsStats(u.pids().current(), u.pids().limit()), blkio(u.blkio()), 0, Map.of(),
            cpu(u.cpu()), previous == null ? NO_CPU : cpu(previous.cpu()),
            new ContainerStatsResponse.MemoryStats(m.usage(), m.maxUsage(), m.stats(), m.failcnt(), m.limit()), networks(u.networks()));
    }

    private static ContainerStatsResponse.CpuStats cpu(ResourceUsage.Cpu c) {
        return new ContainerStatsResponse.CpuStats(
            new ContainerStatsResponse.CpuUsage(c.totalNanos(), c.perCpuNanos(), c.kernelNanos(), c.userNanos()),
            c.systemNanos(), c.onlineCpus(), new ContainerStatsResponse.ThrottlingData(c.periods(), c.throttledPeriods(), c.throttledNanos()));
    }

    /** Only bytes are measured; the other lists are null as dockerd leaves them on cgroup v2. */
    private static ContainerStatsResponse.BlkioStats blkio(List<ResourceUsage.Blkio> entries) {
        List<BlkioEntry> bytes = entries.stream().map(b -> new BlkioEntry(b.major(), b.minor(), b.op(), b.value())).toList();
        return new ContainerStatsResponse.BlkioStats(bytes.isEmpty() ? null : bytes, null, null, null, null, null, null, null);
    }

    private static Map<String, ContainerStatsResponse.NetworkStats> networks(Map<String, ResourceUsage.NetworkIo> nets) {
        Map<String, ContainerStatsResponse.NetworkStats> out = new LinkedHashMap<>();
        nets.forEach((name, n) -> out.put(name, new ContainerStatsResponse.NetworkStats(n.rxBytes(), n.rxPackets(), n.rxErrors(),
            n.rxDropped(), n.txBytes(), n.txPackets(), n.txErrors(), n.txDropped())));
        return out;
    }
}
