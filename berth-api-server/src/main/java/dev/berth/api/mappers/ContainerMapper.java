package dev.berth.api.mappers;

import dev.berth.api.types.ContainerCreateRequest;
import dev.berth.api.types.ContainerUpdateRequest;
import dev.berth.common.error.BerthException;
import dev.berth.core.container.ContainerConfig;
import dev.berth.core.container.ContainerService;
import dev.berth.core.container.Healthcheck;
import dev.berth.core.container.HostConfig;
import dev.berth.core.container.RestartPolicy;
import dev.berth.core.runtime.Resources;
import dev.berth.core.runtime.Security;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Wire → domain for container create and update, validating as dockerd does (the CLI already
 * parsed {@code -m 64m} and friends into numbers; the server checks ranges and names).
 */
public final class ContainerMapper {
    private static final long MIN_MEMORY = 6L << 20;
    private static final Set<String> CAPABILITIES = Set.of("CHOWN", "DAC_OVERRIDE", "DAC_READ_SEARCH", "FOWNER", "FSETID",
        "KILL", "SETGID", "SETUID", "SETPCAP", "LINUX_IMMUTABLE", "NET_BIND_SERVICE", "NET_BROADCAST", "NET_ADMIN",
        "NET_RAW", "IPC_LOCK", "IPC_OWNER", "SYS_MODULE", "SYS_RAWIO", "SYS_CHROOT", "SYS_PTRACE", "SYS_PACCT",
        "SYS_ADMIN", "SYS_BOOT", "SYS_NICE", "SYS_RESOURCE", "SYS_TIME", "SYS_TTY_CONFIG", "MKNOD", "LEASE",
        "AUDIT_WRITE", "AUDIT_CONTROL", "SETFCAP", "MAC_OVERRIDE", "MAC_ADMIN", "SYSLOG", "WAKE_ALARM",
        "BLOCK_SUSPEND", "AUDIT_READ", "PERFMON", "BPF", "CHECKPOINT_RESTORE", "ALL");

    private ContainerMapper() {}

    public static ContainerService.CreateRequest create(String name, ContainerCreateRequest req) {
        var c = req.config();
        if (c == null || c.image() == null || c.image().isEmpty()) throw new BerthException.InvalidArgument("No image was specified");
        var config = new ContainerConfig(c.hostname(), c.domainname(), c.user(), c.attachStdin(), c.attachStdout(),
            c.attachStderr(), c.exposedPorts() == null ? null : c.exposedPorts().keySet(), c.tty(), c.openStdin(), c.stdinOnce(),
            c.env(), c.cmd(), c.image(), c.volumes() == null ? null : c.volumes().keySet(), c.workingDir(),
            c.entrypoint(), c.labels(), c.stopSignal(), c.stopTimeout()).withHealthcheck(healthcheck(c.healthcheck()));
        if (config.workingDir() != null && !config.workingDir().isEmpty() && !config.workingDir().startsWith("/")) {
            throw new BerthException.InvalidArgument("the working directory '" + config.workingDir() + "' is invalid, it needs to be an absolute path");
        }
        MountMapper.checkAnonymousVolumes(config.volumes());
        HostConfig host = host(req.hostConfig())
            .withNetwork(NetworkOptionsMapper.network(req.hostConfig(), req.networkingConfig(), req.macAddress()));
        return new ContainerService.CreateRequest(name, config, host);
    }

    /** dockerd's checks: durations 0 (default) or at least 1 ms, retries not negative. */
    static Healthcheck healthcheck(dev.berth.api.types.ContainerConfig.HealthConfig h) {
        if (h == null) return null;
        long ms = 1_000_000L;
        for (var d : List.of(java.util.Map.entry("Interval", h.interval()), java.util.Map.entry("Timeout", h.timeout()),
                java.util.Map.entry("StartPeriod", h.startPeriod()), java.util.Map.entry("StartInterval", h.startInterval()))) {
            if (d.getValue() != 0 && d.getValue() < ms) {
                throw new BerthException.InvalidArgument(d.getKey() + " in Healthcheck cannot be less than 1ms");
            }
        }
        if (h.retries() < 0) throw new BerthException.InvalidArgument("Retries in Healthcheck cannot be negative");
        return new Healthcheck(h.test(), h.interval(), h.timeout(), h.startPeriod(), h.startInterval(), h.retries());
    }

    static HostConfig host(dev.berth.api.types.HostConfig h) {
        if (h == null) return HostConfig.DEFAULT;
        RestartPolicy policy = restartPolicy(h.restartPolicy());
        if (h.autoRemove() && policy.name() != RestartPolicy.Name.NO) {
            throw new BerthException.InvalidArgument("can't create 'AutoRemove' container with restart policy");
        }
        var ulimits = new ArrayList<HostConfig.Ulimit>();
        if (h.ulimits() != null) {
            for (var u : h.ulimits()) {
                if (u.soft() > u.hard() && u.hard() >= 0) {
                    throw new BerthException.InvalidArgument("ulimit soft limit must be less than or equal to hard limit: " + u.soft() + " > " + u.hard());
                }
                ulimits.add(new HostConfig.Ulimit(u.name(), u.soft(), u.hard()));
            }
        }
        String network = h.networkMode() == null || h.networkMode().isEmpty() ? "default" : h.networkMode();
        return new HostConfig(network, policy, h.autoRemove(), h.readonlyRootfs(), h.pidMode(), h.ipcMode(), h.utsMode(),
            h.securityOpt(), security(h), h.init(), ulimits, resources(h), h.shmSize(), h.binds(), h.groupAdd(), devices(h),
            h.tmpfs()).withMountConfig(MountMapper.fromWire(h)).withLogConfig(logConfig(h.logConfig()));
    }

    /** {@code --log-driver}/{@code --log-opt}; null (no driver named) lets the daemon's default apply. */
    private static dev.berth.core.container.LogConfig logConfig(dev.berth.api.types.HostConfig.LogConfig l) {
        if (l == null || l.type() == null || l.type().isEmpty()) {
            return l == null || l.config() == null || l.config().isEmpty() ? null
                : new dev.berth.core.container.LogConfig("", l.config());
        }
        return new dev.berth.core.container.LogConfig(l.type(), l.config());
    }

    /** {@code --device}: the CLI sends PathOnHost, PathInContainer (defaults to the host path) and permissions. */
    private static List<dev.berth.core.runtime.RuntimeSpec.Device> devices(dev.berth.api.types.HostConfig h) {
        if (h.devices() == null) return List.of();
        List<dev.berth.core.runtime.RuntimeSpec.Device> out = new ArrayList<>();
        for (var d : h.devices()) {
            if (d.pathOnHost() == null || d.pathOnHost().isEmpty()) throw new BerthException.InvalidArgument("invalid device mapping: empty host path");
            String inContainer = d.pathInContainer() == null || d.pathInContainer().isEmpty() ? d.pathOnHost() : d.pathInContainer();
            String perms = d.cgroupPermissions() == null || d.cgroupPermissions().isEmpty() ? "rwm" : d.cgroupPermissions();
            if (!perms.matches("[rwm]{1,3}")) throw new BerthException.InvalidArgument("invalid device mode: " + perms);
            out.add(new dev.berth.core.runtime.RuntimeSpec.Device(d.pathOnHost(), inContainer, perms));
        }
        return out;
    }

    public static RestartPolicy restartPolicy(dev.berth.api.types.HostConfig.RestartPolicy p) {
        if (p == null) return RestartPolicy.NO;
        return new RestartPolicy(RestartPolicy.Name.parse(p.name()), p.maximumRetryCount());
    }

    private static Security security(dev.berth.api.types.HostConfig h) {
        Security s = Security.DEFAULT.withPrivileged(h.privileged())
            .withCaps(caps(h.capAdd()), caps(h.capDrop()));
        if (h.oomScoreAdj() != 0) {
            if (h.oomScoreAdj() < -1000 || h.oomScoreAdj() > 1000) {
                throw new BerthException.InvalidArgument("Invalid value " + h.oomScoreAdj() + ", range for oom score adj is [-1000, 1000]");
            }
            s = s.withOomScoreAdj(h.oomScoreAdj());
        }
        boolean unmask = false;
        for (String opt : h.securityOpt() == null ? List.<String>of() : h.securityOpt()) {
            String[] kv = opt.split("[=:]", 2);
            String key = kv[0];
            String value = kv.length > 1 ? kv[1] : "";
            switch (key) {
                case "no-new-privileges" -> s = s.withNoNewPrivileges(value.isEmpty() || Boolean.parseBoolean(value));
                case "seccomp" -> s = s.withSeccomp(value.equals("unconfined") ? Security.SeccompProfile.UNCONFINED
                    : value.isEmpty() || value.equals("builtin") ? Security.SeccompProfile.DEFAULT : new Security.SeccompProfile.Custom(value));
                case "systempaths" -> {
                    if (!value.equals("unconfined")) throw invalidOpt(opt);
                    unmask = true;
                }
                case "apparmor", "label" -> { } // no AppArmor or SELinux on this host: accepted and ignored, as dockerd there
                default -> throw invalidOpt(opt);
            }
        }
        if (unmask) s = new Security(s.privileged(), s.capAdd(), s.capDrop(), s.noNewPrivileges(), s.seccomp(), true, s.oomScoreAdj());
        return s;
    }

    private static BerthException invalidOpt(String opt) {
        return new BerthException.InvalidArgument("invalid --security-opt 2: \"" + opt + "\"");
    }

    private static List<String> caps(List<String> names) {
        if (names == null) return List.of();
        for (String n : names) {
            String u = n.strip().toUpperCase(Locale.ROOT);
            String bare = u.startsWith("CAP_") ? u.substring(4) : u;
            if (!CAPABILITIES.contains(bare)) throw new BerthException.InvalidArgument("unknown capability: \"" + (u.startsWith("CAP_") ? u : "CAP_" + u) + "\"");
        }
        return List.copyOf(names);
    }

    static Resources resources(dev.berth.api.types.HostConfig h) {
        return validated(new Resources(positive(h.cpuShares()), positive(h.nanoCpus()), positive(h.cpuQuota()), positive(h.cpuPeriod()),
            blank(h.cpusetCpus()), blank(h.cpusetMems()), positive(h.memory()), positive(h.memoryReservation()),
            h.memorySwap() == 0 ? null : h.memorySwap(), createPids(h.pidsLimit()), h.blkioWeight() == 0 ? null : h.blkioWeight(),
            Boolean.TRUE.equals(h.oomKillDisable()) ? true : null), h.cpuShares(), h.memory(), h.nanoCpus());
    }

    public static Resources update(ContainerUpdateRequest u) {
        long shares = u.cpuShares() == null ? 0 : u.cpuShares();
        long memory = u.memory() == null ? 0 : u.memory();
        long nano = u.nanoCpus() == null ? 0 : u.nanoCpus();
        return validated(new Resources(positive(shares), positive(nano), positive(orZero(u.cpuQuota())), positive(orZero(u.cpuPeriod())),
            blank(u.cpusetCpus()), blank(u.cpusetMems()), positive(memory), positive(orZero(u.memoryReservation())),
            u.memorySwap() == null || u.memorySwap() == 0 ? null : u.memorySwap(), updatePids(u.pidsLimit()),
            u.blkioWeight() == null || u.blkioWeight() == 0 ? null : u.blkioWeight(), null), shares, memory, nano);
    }

    private static Resources validated(Resources r, long cpuShares, long memory, long nanoCpus) {
        if (memory < 0) throw new BerthException.InvalidArgument("invalid memory limit: " + memory);
        if (memory > 0 && memory < MIN_MEMORY) throw new BerthException.InvalidArgument("Minimum memory limit allowed is 6MB");
        if (cpuShares < 0) throw new BerthException.InvalidArgument("invalid CPU shares: " + cpuShares);
        int cpus = Runtime.getRuntime().availableProcessors();
        if (nanoCpus < 0 || nanoCpus > cpus * 1_000_000_000L) {
            throw new BerthException.InvalidArgument("Range of CPUs is from 0.01 to " + cpus + ".00, as there are only " + cpus + " CPUs available");
        }
        if (nanoCpus > 0 && (r.cpuPeriod() != null || r.cpuQuota() != null)) {
            throw new BerthException.InvalidArgument("Conflicting options: Nano CPUs and CPU Period cannot both be set");
        }
        if (r.memorySwap() != null && r.memorySwap() > 0 && r.memory() != null && r.memorySwap() < r.memory()) {
            throw new BerthException.InvalidArgument("Minimum memoryswap limit should be larger than memory limit, see usage");
        }
        return r;
    }

    private static Long positive(long v) {
        if (v < 0 && v != -1) throw new BerthException.InvalidArgument("invalid negative value: " + v);
        return v == 0 ? null : v;
    }

    private static long orZero(Long v) { return v == null ? 0 : v; }

    private static String blank(String s) { return s == null || s.isEmpty() ? null : s; }

    /** 0 and -1 mean unlimited; absent stays absent. */
    /** As dockerd stores it: zero or negative is no limit. */
    private static Long createPids(Long v) { return v == null || v <= 0 ? null : v; }

    /** 0 leaves the limit as it is; any negative lifts it (-1, runc's unlimited). */
    private static Long updatePids(Long v) { return v == null || v == 0 ? null : v < 0 ? -1L : v; }
}
