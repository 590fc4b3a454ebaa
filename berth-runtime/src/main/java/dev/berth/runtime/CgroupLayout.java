package dev.berth.runtime;

import dev.berth.common.error.BerthException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Where a container's cgroups live and what they say. runc creates and removes the directories
 * (cgroupfs driver, no systemd); this class only finds and reads them, and tells the spec writer
 * which knobs the host has, so unsupported limits are dropped with Docker's warning instead of
 * failing the start.
 *
 * <p>Modes: {@link Mode#V2} (unified at the root), {@link Mode#V1}, and {@link Mode#HYBRID} (v1
 * controllers plus an empty cgroup2 at {@code unified/}); runc treats hybrid as v1, so do we.
 */
public final class CgroupLayout {

    public enum Mode { V1, V2, HYBRID }

    /**
     * What the host's cgroups can limit; {@code cpusetCpus} and {@code cpusetMems} are what
     * containers may be pinned to (the root cgroup's cpuset), "" when unknown.
     */
    public record Features(boolean memorySwap, boolean memoryReservation, boolean oomKillDisable, boolean cpuShares,
                           boolean cpuCfs, boolean cpuset, boolean pids, boolean blkioWeight, int cpus,
                           String cpusetCpus, String cpusetMems) {}

    /** Limits as the kernel holds them; -1 means unlimited. */
    public record Limits(long memory, long memorySwap, long memoryReservation, long cpuShares, long cpuQuota,
                         long cpuPeriod, String cpusetCpus, String cpusetMems, long pids) {}

    /** Current usage, the raw material of {@code docker stats}. */
    public record Usage(long memoryBytes, long cpuNanos, long pids) {}

    /** Kernel v1 values at or above this (page-rounded LONG_MAX) mean "no limit". */
    private static final long V1_UNLIMITED = 1L << 62;

    private final Path root;
    private final Mode mode;

    private CgroupLayout(Path root, Mode mode) {
        this.root = root;
        this.mode = mode;
    }

    public static CgroupLayout detect() { return detect(Path.of("/sys/fs/cgroup")); }

    public static CgroupLayout detect(Path root) {
        if (Files.exists(root.resolve("cgroup.controllers"))) return new CgroupLayout(root, Mode.V2);
        if (Files.exists(root.resolve("unified/cgroup.controllers"))) return new CgroupLayout(root, Mode.HYBRID);
        return new CgroupLayout(root, Mode.V1);
    }

    public Mode mode() { return mode; }

    public boolean v2() { return mode == Mode.V2; }

    /** The directory of {@code controller} for an absolute cgroups path such as {@code /berth/abc}. */
    public Path dir(String controller, String cgroupsPath) {
        String rel = cgroupsPath.startsWith("/") ? cgroupsPath.substring(1) : cgroupsPath;
        return v2() ? root.resolve(rel) : root.resolve(controller).resolve(rel);
    }

    /** Every directory of that cgroup that exists now (one on v2, one per controller on v1). */
    public List<Path> existingDirs(String cgroupsPath) {
        List<Path> out = new ArrayList<>();
        if (v2()) {
            if (Files.isDirectory(dir("", cgroupsPath))) out.add(dir("", cgroupsPath));
            return out;
        }
        try (var controllers = Files.list(root)) {
            for (Path c : controllers.toList()) {
                // hybrid hosts: runc also mirrors the path in unified/, which must go too
                Path d = dir(c.getFileName().toString(), cgroupsPath);
                if (Files.isDirectory(d) && !out.contains(d.toRealPath())) out.add(d.toRealPath());
            }
        } catch (IOException e) {
            throw new BerthException.Internal("cannot list " + root + ": " + e.getMessage(), e);
        }
        return out;
    }

    /** Removes an (empty) cgroup in every hierarchy; used for parents runc does not own. */
    public void removeEmpty(String cgroupsPath) {
        for (Path d : existingDirs(cgroupsPath)) {
            try {
                Files.deleteIfExists(d);
            } catch (IOException e) {
                throw new BerthException.Conflict("cannot remove cgroup " + d + ": " + e.getMessage());
            }
        }
    }

    public Features features() {
        int cpus = Runtime.getRuntime().availableProcessors();
        if (v2()) {
            String ctl = readOr(root.resolve("cgroup.controllers"), "");
            boolean mem = ctl.contains("memory");
            // v2 has no per-cgroup OOM-killer switch; swap is accounted whenever memory is
            return new Features(mem, mem, false, ctl.contains("cpu"), ctl.contains("cpu"), ctl.contains("cpuset"), ctl.contains("pids"),
                ctl.contains("io"), cpus, readOr(root.resolve("cpuset.cpus.effective"), ""), readOr(root.resolve("cpuset.mems.effective"), ""));
        }
        Path mem = root.resolve("memory");
        Path blkio = root.resolve("blkio");
        return new Features(Files.exists(mem.resolve("memory.memsw.limit_in_bytes")),
            Files.exists(mem.resolve("memory.soft_limit_in_bytes")), Files.exists(mem.resolve("memory.oom_control")),
            Files.exists(root.resolve("cpu/cpu.shares")), Files.exists(root.resolve("cpu/cpu.cfs_quota_us")),
            Files.exists(root.resolve("cpuset/cpuset.cpus")), Files.isDirectory(root.resolve("pids")),
            blkioWeightV1(blkio), cpus, readOr(root.resolve("cpuset/cpuset.cpus"), ""), readOr(root.resolve("cpuset/cpuset.mems"), ""));
    }

    /**
     * CFQ puts {@code blkio.weight} in every cgroup, root included; BFQ puts {@code blkio.bfq.weight}
     * only in child cgroups (runc writes it there), so at the root its statistics files reveal it.
     */
    private static boolean blkioWeightV1(Path blkio) {
        return Files.exists(blkio.resolve("blkio.weight")) || Files.exists(blkio.resolve("blkio.bfq.weight"))
            || Files.exists(blkio.resolve("blkio.bfq.io_service_bytes"));
    }

    public Limits limits(String cgroupsPath) {
        if (v2()) {
            String[] cpuMax = read("cpu", cgroupsPath, "cpu.max").split("\\s+");
            long memMax = v2Value(read("memory", cgroupsPath, "memory.max"));
            long swapMax = v2Value(readOr(dir("memory", cgroupsPath).resolve("memory.swap.max"), "max"));
            return new Limits(memMax, memMax < 0 || swapMax < 0 ? -1 : memMax + swapMax,
                v2Value(read("memory", cgroupsPath, "memory.low")), Long.parseLong(read("cpu", cgroupsPath, "cpu.weight")),
                v2Value(cpuMax[0]), Long.parseLong(cpuMax[1]), read("cpuset", cgroupsPath, "cpuset.cpus"),
                read("cpuset", cgroupsPath, "cpuset.mems"), v2Value(read("pids", cgroupsPath, "pids.max")));
        }
        return new Limits(v1Value(read("memory", cgroupsPath, "memory.limit_in_bytes")),
            v1Value(readOr(dir("memory", cgroupsPath).resolve("memory.memsw.limit_in_bytes"), "-1")),
            v1Value(read("memory", cgroupsPath, "memory.soft_limit_in_bytes")),
            Long.parseLong(read("cpu", cgroupsPath, "cpu.shares")),
            Long.parseLong(read("cpu", cgroupsPath, "cpu.cfs_quota_us")),
            Long.parseLong(read("cpu", cgroupsPath, "cpu.cfs_period_us")),
            read("cpuset", cgroupsPath, "cpuset.cpus"), read("cpuset", cgroupsPath, "cpuset.mems"),
            v2Value(read("pids", cgroupsPath, "pids.max")));
    }

    public Usage usage(String cgroupsPath) {
        if (v2()) {
            long usec = read("cpu", cgroupsPath, "cpu.stat").lines().filter(l -> l.startsWith("usage_usec "))
                .mapToLong(l -> Long.parseLong(l.substring(11).strip())).findFirst().orElse(0);
            return new Usage(Long.parseLong(read("memory", cgroupsPath, "memory.current")), usec * 1000,
                Long.parseLong(read("pids", cgroupsPath, "pids.current")));
        }
        return new Usage(Long.parseLong(read("memory", cgroupsPath, "memory.usage_in_bytes")),
            Long.parseLong(read("cpuacct", cgroupsPath, "cpuacct.usage")),
            Long.parseLong(read("pids", cgroupsPath, "pids.current")));
    }

    /**
     * How many processes the kernel's OOM killer has killed in the cgroup: {@code oom_kill} of
     * memory.oom_control (v1, kernel 4.13+) or memory.events (v2); 0 when the cgroup is gone.
     */
    public long oomKills(String cgroupsPath) {
        Path p = dir("memory", cgroupsPath).resolve(v2() ? "memory.events" : "memory.oom_control");
        return readOr(p, "").lines().filter(l -> l.startsWith("oom_kill "))
            .mapToLong(l -> Long.parseLong(l.substring(9).strip())).findFirst().orElse(0);
    }

    /** One cgroup file's trimmed content. */
    public String read(String controller, String cgroupsPath, String file) {
        Path p = dir(controller, cgroupsPath).resolve(file);
        try {
            return Files.readString(p).strip();
        } catch (IOException e) {
            throw new BerthException.NotFound("cannot read cgroup file " + p + ": " + e.getMessage());
        }
    }

    private static String readOr(Path p, String fallback) {
        try {
            return Files.readString(p).strip();
        } catch (IOException e) {
            return fallback;
        }
    }

    private static long v1Value(String s) {
        long v = Long.parseLong(s);
        return v >= V1_UNLIMITED ? -1 : v;
    }

    private static long v2Value(String s) { return "max".equals(s) ? -1 : Long.parseLong(s); }
}
