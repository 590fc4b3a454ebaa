package dev.berth.runtime;

import dev.berth.common.error.BerthException;
import dev.berth.core.runtime.ContainerMetrics;
import dev.berth.core.runtime.ResourceUsage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * {@link ContainerMetrics} from the container's cgroup files (v1 and v2, through {@link CgroupLayout}),
 * the host's {@code /proc/stat} and {@code /proc/meminfo}, and {@code /proc/<pid>/net/dev} for the
 * container's network namespace — the same sources dockerd reads.
 */
public final class CgroupMetrics implements ContainerMetrics {
    /** USER_HZ: the unit of /proc/stat and cpuacct.stat (100 on every Linux ABI Berth runs on). */
    private static final long NANOS_PER_TICK = 10_000_000L;

    private final CgroupLayout cgroups;
    private final Function<String, String> cgroupsPathOf;
    private final Path proc;
    private final Clock clock;

    /** @param cgroupsPathOf the cgroups path of a container (e.g. {@link RuncRuntime#cgroupsPath}) */
    public CgroupMetrics(CgroupLayout cgroups, Function<String, String> cgroupsPathOf, Path proc, Clock clock) {
        this.cgroups = cgroups;
        this.cgroupsPathOf = cgroupsPathOf;
        this.proc = proc;
        this.clock = clock;
    }

    @Override
    public ResourceUsage read(String containerId, int pid) {
        String path = cgroupsPathOf.apply(containerId);
        var read = clock.instant();
        return cgroups.v2()
            ? new ResourceUsage(read, cpuV2(path), memoryV2(path), pids(path), blkioV2(path), networks(pid))
            : new ResourceUsage(read, cpuV1(path), memoryV1(path), pids(path), blkioV1(path), networks(pid));
    }

    private ResourceUsage.Cpu cpuV1(String path) {
        List<Long> perCpu = new ArrayList<>();
        for (String v : optional("cpuacct", path, "cpuacct.usage_percpu").split("\\s+")) {
            if (!v.isEmpty()) perCpu.add(Long.parseLong(v));
        }
        Map<String, Long> stat = keyed(optional("cpuacct", path, "cpuacct.stat"));
        Map<String, Long> throttle = keyed(optional("cpu", path, "cpu.stat"));
        return new ResourceUsage.Cpu(Long.parseLong(cgroups.read("cpuacct", path, "cpuacct.usage")), perCpu,
            stat.getOrDefault("system", 0L) * NANOS_PER_TICK, stat.getOrDefault("user", 0L) * NANOS_PER_TICK,
            systemCpuNanos(), onlineCpus(), throttle.getOrDefault("nr_periods", 0L), throttle.getOrDefault("nr_throttled", 0L),
            throttle.getOrDefault("throttled_time", 0L));
    }

    private ResourceUsage.Cpu cpuV2(String path) {
        Map<String, Long> stat = keyed(cgroups.read("cpu", path, "cpu.stat"));
        return new ResourceUsage.Cpu(stat.getOrDefault("usage_usec", 0L) * 1000, List.of(),
            stat.getOrDefault("system_usec", 0L) * 1000, stat.getOrDefault("user_usec", 0L) * 1000, systemCpuNanos(),
            onlineCpus(), stat.getOrDefault("nr_periods", 0L), stat.getOrDefault("nr_throttled", 0L),
            stat.getOrDefault("throttled_usec", 0L) * 1000);
    }

    private ResourceUsage.Memory memoryV1(String path) {
        long raw = Long.parseLong(cgroups.read("memory", path, "memory.limit_in_bytes"));
        long limit = raw >= 1L << 62 ? -1 : raw; // the page-rounded LONG_MAX of an unlimited v1 cgroup
        return new ResourceUsage.Memory(Long.parseLong(cgroups.read("memory", path, "memory.usage_in_bytes")),
            Long.parseLong(optionalOr("memory", path, "memory.max_usage_in_bytes", "0")), capped(limit),
            Long.parseLong(optionalOr("memory", path, "memory.failcnt", "0")), keyed(optional("memory", path, "memory.stat")));
    }

    private ResourceUsage.Memory memoryV2(String path) {
        String max = cgroups.read("memory", path, "memory.max");
        return new ResourceUsage.Memory(Long.parseLong(cgroups.read("memory", path, "memory.current")),
            Long.parseLong(optionalOr("memory", path, "memory.peak", "0")), capped("max".equals(max) ? -1 : Long.parseLong(max)),
            0, keyed(optional("memory", path, "memory.stat")));
    }

    private ResourceUsage.Pids pids(String path) {
        String max = optionalOr("pids", path, "pids.max", "max");
        return new ResourceUsage.Pids(Long.parseLong(optionalOr("pids", path, "pids.current", "0")),
            "max".equals(max) ? 0 : Long.parseLong(max));
    }

    /** v1: {@code 8:0 Read 4096} lines; the throttle file counts I/O under every scheduler, CFQ's only under CFQ. */
    private List<ResourceUsage.Blkio> blkioV1(String path) {
        String text = optional("blkio", path, "blkio.io_service_bytes_recursive");
        if (text.isBlank()) text = optional("blkio", path, "blkio.throttle.io_service_bytes_recursive");
        if (text.isBlank()) text = optional("blkio", path, "blkio.throttle.io_service_bytes");
        return parseBlkioV1(text);
    }

    static List<ResourceUsage.Blkio> parseBlkioV1(String text) {
        List<ResourceUsage.Blkio> out = new ArrayList<>();
        for (String line : text.lines().toList()) {
            String[] f = line.strip().split("\\s+");
            if (f.length != 3 || !f[0].contains(":")) continue;
            String[] dev = f[0].split(":");
            out.add(new ResourceUsage.Blkio(Long.parseLong(dev[0]), Long.parseLong(dev[1]), f[1].toLowerCase(java.util.Locale.ROOT),
                Long.parseLong(f[2])));
        }
        return out;
    }

    /** v2: {@code 8:0 rbytes=… wbytes=… rios=…} lines; dockerd reports rbytes/wbytes as read/write. */
    private List<ResourceUsage.Blkio> blkioV2(String path) {
        return parseIoStat(optional("io", path, "io.stat"));
    }

    static List<ResourceUsage.Blkio> parseIoStat(String text) {
        List<ResourceUsage.Blkio> out = new ArrayList<>();
        for (String line : text.lines().toList()) {
            String[] f = line.strip().split("\\s+");
            if (f.length < 2 || !f[0].contains(":")) continue;
            String[] dev = f[0].split(":");
            for (int i = 1; i < f.length; i++) {
                String op = f[i].startsWith("rbytes=") ? "read" : f[i].startsWith("wbytes=") ? "write" : null;
                if (op != null) {
                    out.add(new ResourceUsage.Blkio(Long.parseLong(dev[0]), Long.parseLong(dev[1]), op,
                        Long.parseLong(f[i].substring(f[i].indexOf('=') + 1))));
                }
            }
        }
        return out;
    }

    /** The container's interfaces from its network namespace, loopback excluded (as dockerd lists endpoints). */
    Map<String, ResourceUsage.NetworkIo> networks(int pid) {
        if (pid <= 0) return Map.of();
        try {
            return parseNetDev(readFully(proc.resolve(Integer.toString(pid)).resolve("net/dev")));
        } catch (IOException e) {
            return Map.of();
        }
    }

    static Map<String, ResourceUsage.NetworkIo> parseNetDev(String text) {
        Map<String, ResourceUsage.NetworkIo> out = new LinkedHashMap<>();
        for (String line : text.lines().toList()) {
            int colon = line.indexOf(':');
            if (colon < 0) continue;
            String name = line.substring(0, colon).strip();
            String[] f = line.substring(colon + 1).strip().split("\\s+");
            if (name.equals("lo") || f.length < 16) continue;
            out.put(name, new ResourceUsage.NetworkIo(l(f[0]), l(f[1]), l(f[2]), l(f[3]), l(f[8]), l(f[9]), l(f[10]), l(f[11])));
        }
        return out;
    }

    /** The host's CPU time in nanoseconds: the first line of /proc/stat, as dockerd sums it. */
    long systemCpuNanos() {
        try {
            return parseProcStat(readFully(proc.resolve("stat")));
        } catch (IOException e) {
            return 0;
        }
    }

    static long parseProcStat(String text) {
        String first = text.lines().findFirst().orElse("");
        if (!first.startsWith("cpu ")) return 0;
        String[] f = first.substring(4).strip().split("\\s+");
        long ticks = 0;
        for (int i = 0; i < Math.min(f.length, 8); i++) ticks += Long.parseLong(f[i]); // user … steal; guest is in user
        return ticks * NANOS_PER_TICK;
    }

    private static int onlineCpus() { return Runtime.getRuntime().availableProcessors(); }

    /** An unlimited container may use the host's memory: dockerd reports that as the limit. */
    private long capped(long limit) {
        long host = hostMemory();
        return limit < 0 || (host > 0 && limit > host) ? host : limit;
    }

    private long hostMemory() {
        try {
            for (String line : readFully(proc.resolve("meminfo")).lines().toList()) {
                if (line.startsWith("MemTotal:")) return Long.parseLong(line.replaceAll("\\D+", "")) * 1024;
            }
        } catch (IOException | NumberFormatException e) {
            // unknown: report the cgroup's own value
        }
        return 0;
    }

    /** {@code key value} lines (memory.stat, cpu.stat …). */
    static Map<String, Long> keyed(String text) {
        Map<String, Long> out = new LinkedHashMap<>();
        for (String line : text.lines().toList()) {
            String[] f = line.strip().split("\\s+");
            if (f.length == 2 && f[1].matches("-?\\d+")) out.put(f[0], Long.parseLong(f[1]));
        }
        return out;
    }

    private String optional(String controller, String path, String file) { return optionalOr(controller, path, file, ""); }

    private String optionalOr(String controller, String path, String file, String fallback) {
        try {
            return cgroups.read(controller, path, file);
        } catch (BerthException.NotFound e) {
            return fallback;
        }
    }

    /** procfs sizes are not to be trusted: read to the end. */
    private static String readFully(Path p) throws IOException {
        try (var in = Files.newInputStream(p)) {
            return new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        }
    }

    private static long l(String s) { return Long.parseLong(s); }
}
