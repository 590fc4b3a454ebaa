package dev.berth.api.mappers;

import dev.berth.api.types.ContainerInspect;
import dev.berth.api.types.ContainerSummary;
import dev.berth.api.types.HostConfig;
import dev.berth.api.types.HealthState;
import dev.berth.core.container.Container;
import dev.berth.core.container.LogConfig;
import dev.berth.core.container.ContainerHealth;
import dev.berth.core.container.ContainerNetworkStatus;
import dev.berth.core.container.ContainerState;
import dev.berth.core.runtime.Resources;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Domain → wire for {@code docker inspect} and {@code docker ps}, shaped like dockerd 20.10's output. */
public final class ContainerViewMapper {
    private static final List<String> MASKED = List.of("/proc/asound", "/proc/acpi", "/proc/kcore", "/proc/keys",
        "/proc/latency_stats", "/proc/timer_list", "/proc/timer_stats", "/proc/sched_debug", "/proc/scsi", "/sys/firmware");
    private static final List<String> READONLY = List.of("/proc/bus", "/proc/fs", "/proc/irq", "/proc/sys", "/proc/sysrq-trigger");
    private static final long DEFAULT_SHM = 64L << 20;

    private ContainerViewMapper() {}

    public static ContainerInspect inspect(Container c, String driver, String runtime) {
        return inspect(c, driver, runtime, List.of(), null);
    }

    /** @param execIds the container's execs (null in the output when none, as dockerd); health null without a healthcheck */
    public static ContainerInspect inspect(Container c, String driver, String runtime, List<String> execIds, ContainerHealth health) {
        return inspect(c, driver, runtime, execIds, health, ContainerNetworkStatus.NONE, Map.of());
    }

    /** @param net the container's networks and published ports ({@link ContainerNetworkStatus#NONE} without a network service) */
    /** @param driverData GraphDriver.Data: the storage driver's directories for the container */
    public static ContainerInspect inspect(Container c, String driver, String runtime, List<String> execIds, ContainerHealth health,
                                           ContainerNetworkStatus net, Map<String, String> driverData) {
        ContainerState s = c.state();
        var state = new ContainerInspect.State(s.status(), s.running(), s instanceof ContainerState.Paused,
            s instanceof ContainerState.Restarting, s instanceof ContainerState.Exited e && e.oomKilled(),
            s instanceof ContainerState.Dead, s.pid(), s.exitCode(), s instanceof ContainerState.Exited e ? e.error() : "",
            Timestamps.rfc3339(c.startedAt()), Timestamps.rfc3339(c.finishedAt()), health(health));
        String dir = c.logPath().getParent().toString();
        return new ContainerInspect(c.id(), Timestamps.rfc3339(c.created()), c.path(), c.args(), state, c.imageId().toString(),
            dir + "/resolv.conf", dir + "/hostname", dir + "/hosts", logPath(c), c.name(), c.restartCount(),
            driver, "linux", "", "", "", execIds == null || execIds.isEmpty() ? null : execIds, hostConfig(c, runtime), new ContainerInspect.GraphDriver(driverData, driver),
            List.copyOf(MountMapper.mountPoints(c)), config(c), ContainerNetworkViews.settings(c, net));
    }

    public static ContainerSummary summary(Container c, Instant now) {
        return summary(c, now, null);
    }

    /** @param health shown in STATUS while the container runs, as {@code (healthy)} or {@code (health: starting)} */
    public static ContainerSummary summary(Container c, Instant now, ContainerHealth health) {
        return summary(c, now, health, ContainerNetworkStatus.NONE);
    }

    /** @param net the container's networks and published ports (PORTS and NETWORKS of {@code docker ps}) */
    public static ContainerSummary summary(Container c, Instant now, ContainerHealth health, ContainerNetworkStatus net) {
        List<String> argv = new ArrayList<>();
        argv.add(c.path());
        argv.addAll(c.args());
        return new ContainerSummary(c.id(), List.of(c.name()), c.config().image(), c.imageId().toString(), command(argv),
            c.created().getEpochSecond(), ContainerNetworkViews.summaryPorts(c, net), c.config().labels(), c.state().status(), status(c, now) + healthSuffix(c, health),
            new ContainerSummary.SummaryHostConfig(c.hostConfig().networkMode()),
            new ContainerSummary.SummaryNetworkSettings(ContainerNetworkViews.networks(c, net)), List.copyOf(MountMapper.mountPoints(c)));
    }

    /** {@code docker ps}'s STATUS column. */
    public static String status(Container c, Instant now) {
        return switch (c.state()) {
            case ContainerState.Created cr -> "Created";
            case ContainerState.Running r -> "Up " + human(Duration.between(c.startedAt(), now));
            case ContainerState.Paused p -> "Up " + human(Duration.between(c.startedAt(), now)) + " (Paused)";
            case ContainerState.Restarting r -> "Restarting (" + r.exitCode() + ") " + ago(c.finishedAt(), now);
            case ContainerState.Exited e -> c.finishedAt() == null ? "Created" : "Exited (" + e.exitCode() + ") " + ago(c.finishedAt(), now);
            case ContainerState.Removing r -> "Removal In Progress";
            case ContainerState.Dead d -> "Dead";
        };
    }

    private static String healthSuffix(Container c, ContainerHealth h) {
        if (h == null || !(c.state() instanceof ContainerState.Running)) return "";
        return h.status().equals(ContainerHealth.STARTING) ? " (health: starting)" : " (" + h.status() + ")";
    }

    private static dev.berth.api.types.ContainerConfig.HealthConfig healthConfig(dev.berth.core.container.Healthcheck h) {
        if (h == null) return null;
        return new dev.berth.api.types.ContainerConfig.HealthConfig(h.test().isEmpty() ? null : h.test(), h.intervalNanos(),
            h.timeoutNanos(), h.startPeriodNanos(), h.startIntervalNanos(), h.retries());
    }

    static HealthState health(ContainerHealth h) {
        if (h == null) return null;
        return new HealthState(h.status(), h.failingStreak(), h.log().stream()
            .map(p -> new HealthState.Result(Timestamps.rfc3339(p.start()), Timestamps.rfc3339(p.end()), p.exitCode(), p.output()))
            .toList());
    }

    private static String ago(Instant t, Instant now) {
        return human(Duration.between(t == null ? now : t, now)) + " ago";
    }

    /** Go's units.HumanDuration. */
    static String human(Duration d) {
        long s = Math.max(0, d.toSeconds());
        if (s < 1) return "Less than a second";
        if (s == 1) return "1 second";
        if (s < 60) return s + " seconds";
        long m = d.toMinutes();
        if (m == 1) return "About a minute";
        if (m < 60) return m + " minutes";
        long h = Math.round(d.toMinutes() / 60.0);
        if (h == 1) return "About an hour";
        if (h < 48) return h + " hours";
        if (h < 24 * 7 * 2) return h / 24 + " days";
        if (h < 24 * 30 * 2) return h / 24 / 7 + " weeks";
        if (h < 24 * 365 * 2) return h / 24 / 30 + " months";
        return h / 24 / 365 + " years";
    }

    /** The argv as one string; arguments with spaces are single-quoted, as dockerd's ps shows them. */
    static String command(List<String> argv) {
        List<String> parts = new ArrayList<>();
        for (String a : argv) parts.add(a.isEmpty() || a.matches(".*[\\s'\"].*") ? "'" + a.replace("'", "'\\''") + "'" : a);
        return String.join(" ", parts);
    }

    private static dev.berth.api.types.ContainerConfig config(Container c) {
        var cfg = c.config();
        Map<String, Map<String, Object>> ports = null;
        if (!cfg.exposedPorts().isEmpty()) {
            ports = new LinkedHashMap<>();
            for (String p : cfg.exposedPorts()) ports.put(p, Map.of());
        }
        Map<String, Map<String, Object>> volumes = null;
        if (!cfg.volumes().isEmpty()) {
            volumes = new LinkedHashMap<>();
            for (String v : cfg.volumes()) volumes.put(v, Map.of());
        }
        return new dev.berth.api.types.ContainerConfig(cfg.hostname() == null || cfg.hostname().isEmpty() ? c.shortId() : cfg.hostname(),
            nz(cfg.domainname()), nz(cfg.user()), cfg.attachStdin(), cfg.attachStdout(), cfg.attachStderr(), ports, cfg.tty(),
            cfg.openStdin(), cfg.stdinOnce(), cfg.env().isEmpty() ? null : cfg.env(), cfg.cmd(), healthConfig(cfg.healthcheck()), false, cfg.image(), volumes,
            nz(cfg.workingDir()), cfg.entrypoint(), null, cfg.labels(), cfg.stopSignal(), cfg.stopTimeout(), null);
    }

    /** dockerd shows no log path for a container that writes no log ({@code --log-driver none}). */
    private static String logPath(Container c) {
        return LogConfig.orDefault(c.hostConfig().logConfig()).readable() ? c.logPath().toString() : "";
    }

    private static HostConfig.LogConfig logConfig(LogConfig l) {
        LogConfig c = LogConfig.orDefault(l);
        return new HostConfig.LogConfig(c.type(), c.config());
    }

    private static HostConfig hostConfig(Container c, String runtime) {
        var h = c.hostConfig();
        Resources r = h.resources();
        var sec = h.security();
        boolean unmasked = sec.privileged() || sec.unmaskSystemPaths();
        List<HostConfig.Ulimit> ulimits = h.ulimits().stream().map(u -> new HostConfig.Ulimit(u.name(), u.soft(), u.hard())).toList();
        return new HostConfig(h.binds().isEmpty() ? null : h.binds(), "", logConfig(h.logConfig()),
            h.networkMode(), ContainerNetworkViews.portBindings(h.network()), new HostConfig.RestartPolicy(h.restartPolicy().name().wire(), h.restartPolicy().maximumRetryCount()),
            h.autoRemove(), h.mountConfig().volumeDriver(), MountMapper.volumesFrom(c), nullIfEmpty(sec.capAdd()), nullIfEmpty(sec.capDrop()), "host", h.network().dns(),
            h.network().dnsOptions(), h.network().dnsSearch(), ContainerNetworkViews.extraHosts(h.network()), nullIfEmpty(h.groupAdd()), h.ipcMode(), "",
            ContainerNetworkViews.links(c), sec.oomScoreAdj() == null ? 0 : sec.oomScoreAdj(), h.pidMode(), sec.privileged(),
            h.network().publishAll(), h.readonlyRootfs(), nullIfEmpty(h.securityOpt()), h.utsMode(), "", h.shmSize() == 0 ? DEFAULT_SHM : h.shmSize(),
            runtime, List.of(0, 0), "", z(r.cpuShares()), z(r.memory()), z(r.nanoCpus()), "", r.blkioWeight() == null ? 0 : r.blkioWeight(),
            List.of(), List.of(), List.of(), List.of(), List.of(), z(r.cpuPeriod()), z(r.cpuQuota()), 0, 0, nz(r.cpusetCpus()),
            nz(r.cpusetMems()), devices(h), null, null, 0, 0, z(r.memoryReservation()), z(r.memorySwap()), null,
            Boolean.TRUE.equals(r.oomKillDisable()), r.pidsLimit(), ulimits, 0, 0, 0, 0,
            unmasked ? null : MASKED, unmasked ? null : READONLY, h.init(), h.tmpfs(), MountMapper.hostConfigMounts(c),
            h.mountConfig().storageOpt());
    }

    private static List<HostConfig.DeviceMapping> devices(dev.berth.core.container.HostConfig h) {
        return h.devices().stream()
            .map(d -> new HostConfig.DeviceMapping(d.hostPath(), d.containerPath(), d.permissions())).toList();
    }

    private static <T> List<T> nullIfEmpty(List<T> l) { return l == null || l.isEmpty() ? null : l; }

    private static long z(Long v) { return v == null ? 0 : v; }

    private static String nz(String s) { return s == null ? "" : s; }
}
