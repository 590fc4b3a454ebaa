package dev.berth.runtime;

import java.util.List;

/**
 * Docker's defaults for a non-privileged Linux container, written from moby's documented behaviour:
 * which /proc and /sys entries are hidden or read-only, which filesystems every container gets, and
 * which device nodes it may create and use.
 */
final class DockerDefaults {
    private DockerDefaults() {}

    /** Hidden (bind-mounted over with /dev/null or an empty tmpfs): they leak host information or let a root process poke the kernel. */
    static final List<String> MASKED_PATHS = List.of(
        "/proc/asound", "/proc/acpi", "/proc/kcore", "/proc/keys", "/proc/latency_stats", "/proc/timer_list",
        "/proc/timer_stats", "/proc/sched_debug", "/proc/scsi", "/sys/firmware", "/sys/devices/virtual/powercap");

    /** Readable but not writable: kernel tunables that are global, not per-namespace. */
    static final List<String> READONLY_PATHS = List.of(
        "/proc/bus", "/proc/fs", "/proc/irq", "/proc/sys", "/proc/sysrq-trigger");

    static final long DEFAULT_SHM_SIZE = 64L * 1024 * 1024;

    /** A character device every container gets, with its cgroup allow rule. */
    record DefaultDevice(String path, long major, long minor) {}

    static final List<DefaultDevice> DEVICES = List.of(
        new DefaultDevice("/dev/null", 1, 3), new DefaultDevice("/dev/zero", 1, 5),
        new DefaultDevice("/dev/full", 1, 7), new DefaultDevice("/dev/random", 1, 8),
        new DefaultDevice("/dev/urandom", 1, 9), new DefaultDevice("/dev/tty", 5, 0));

    /**
     * cgroup device rules beyond {@link #DEVICES}: mknod of anything (using it is what is denied),
     * the console, the pty multiplexer and the pty slaves that /dev/pts hands out.
     */
    record DeviceRule(String type, long major, long minor, String access) {}

    static final List<DeviceRule> EXTRA_DEVICE_RULES = List.of(
        new DeviceRule("c", -1, -1, "m"), new DeviceRule("b", -1, -1, "m"),
        new DeviceRule("c", 5, 1, "rwm"), new DeviceRule("c", 5, 2, "rwm"), new DeviceRule("c", 136, -1, "rwm"));

    /** One OCI mount. */
    record OciMount(String destination, String type, String source, List<String> options) {}

    /** The filesystems of every container, before user mounts (which replace same-destination entries). */
    static List<OciMount> mounts(boolean privileged, long shmSize, boolean hostIpc) {
        String sysMode = privileged ? "rw" : "ro";
        var shm = hostIpc
            ? new OciMount("/dev/shm", "bind", "/dev/shm", List.of("rbind", "rw"))
            : new OciMount("/dev/shm", "tmpfs", "shm",
                List.of("nosuid", "noexec", "nodev", "mode=1777", "size=" + (shmSize > 0 ? shmSize : DEFAULT_SHM_SIZE)));
        return List.of(
            new OciMount("/proc", "proc", "proc", List.of("nosuid", "noexec", "nodev")),
            new OciMount("/dev", "tmpfs", "tmpfs", List.of("nosuid", "strictatime", "mode=755", "size=65536k")),
            new OciMount("/dev/pts", "devpts", "devpts",
                List.of("nosuid", "noexec", "newinstance", "ptmxmode=0666", "mode=0620", "gid=5")),
            new OciMount("/sys", "sysfs", "sysfs", List.of("nosuid", "noexec", "nodev", sysMode)),
            new OciMount("/sys/fs/cgroup", "cgroup", "cgroup", List.of(sysMode, "nosuid", "noexec", "nodev")),
            new OciMount("/dev/mqueue", "mqueue", "mqueue", List.of("nosuid", "noexec", "nodev")),
            shm);
    }
}
