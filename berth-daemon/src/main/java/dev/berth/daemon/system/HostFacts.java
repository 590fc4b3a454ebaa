package dev.berth.daemon.system;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Reads what {@code docker info} reports about the host from {@code /proc}, {@code /etc} and
 * {@code /sys} below {@code root} ({@code /} in production, a fake tree in tests). Every read
 * tolerates a missing or odd file: a fact it cannot learn comes back as a neutral value.
 */
public final class HostFacts {
    private final Path root;

    public HostFacts(Path root) {
        this.root = root;
    }

    public static HostFacts system() { return new HostFacts(Path.of("/")); }

    /** As {@code uname -r}. */
    public String kernelVersion() {
        String v = readFirstLine("proc/sys/kernel/osrelease");
        return v != null ? v : System.getProperty("os.version", "");
    }

    /** As {@code uname -n}. */
    public String hostname() {
        String v = readFirstLine("proc/sys/kernel/hostname");
        if (v != null && !v.isEmpty()) return v;
        v = readFirstLine("etc/hostname");
        return v != null ? v : "localhost";
    }

    /** {@code PRETTY_NAME} of os-release, as {@code docker info}'s "Operating System". */
    public String operatingSystem() {
        Map<String, String> os = osRelease();
        return os.getOrDefault("PRETTY_NAME", os.getOrDefault("NAME", "Linux"));
    }

    public String osVersion() {
        return osRelease().getOrDefault("VERSION_ID", "");
    }

    Map<String, String> osRelease() {
        List<String> lines = readLines("etc/os-release");
        if (lines.isEmpty()) lines = readLines("usr/lib/os-release");
        Map<String, String> values = new HashMap<>();
        for (String line : lines) {
            int eq = line.indexOf('=');
            if (line.startsWith("#") || eq <= 0) continue;
            values.put(line.substring(0, eq).strip(), unquote(line.substring(eq + 1).strip()));
        }
        return values;
    }

    private static String unquote(String v) {
        if (v.length() >= 2 && (v.charAt(0) == '"' || v.charAt(0) == '\'') && v.charAt(v.length() - 1) == v.charAt(0)) {
            return v.substring(1, v.length() - 1).replace("\\\"", "\"").replace("\\\\", "\\");
        }
        return v;
    }

    /** {@code MemTotal} from {@code /proc/meminfo}, in bytes. */
    public long memTotal() {
        for (String line : readLines("proc/meminfo")) {
            if (!line.startsWith("MemTotal:")) continue;
            String[] parts = line.substring("MemTotal:".length()).strip().split("\\s+");
            try {
                long value = Long.parseLong(parts[0]);
                return parts.length > 1 && parts[1].equalsIgnoreCase("kB") ? value * 1024 : value;
            } catch (NumberFormatException e) {
                return 0;
            }
        }
        return 0;
    }

    public int ncpu() {
        return Runtime.getRuntime().availableProcessors();
    }

    /** {@code x86_64}, {@code aarch64}: the machine name as {@code uname -m} prints it. */
    public static String machine() {
        String arch = System.getProperty("os.arch", "");
        return switch (arch) {
            case "amd64", "x86_64" -> "x86_64";
            case "aarch64", "arm64" -> "aarch64";
            default -> arch;
        };
    }

    /** {@code amd64}, {@code arm64}: the architecture as Go (and so {@code docker version}) names it. */
    public static String goArch() {
        String arch = System.getProperty("os.arch", "");
        return switch (arch) {
            case "amd64", "x86_64" -> "amd64";
            case "aarch64", "arm64" -> "arm64";
            default -> arch;
        };
    }

    /**
     * The cgroup layout, from the mount table: {@code /sys/fs/cgroup} itself a cgroup2 mount is v2;
     * v1 controllers beside a cgroup2 mount (usually {@code /sys/fs/cgroup/unified}) is hybrid.
     */
    public CgroupMode cgroupMode() {
        boolean v1 = false;
        boolean v2 = false;
        boolean unifiedRoot = false;
        for (Mount m : mounts()) {
            if (m.fsType().equals("cgroup2")) {
                v2 = true;
                if (m.mountPoint().equals("/sys/fs/cgroup")) unifiedRoot = true;
            } else if (m.fsType().equals("cgroup")) {
                v1 = true;
            }
        }
        if (unifiedRoot) return CgroupMode.V2;
        if (v1 && v2) return CgroupMode.HYBRID;
        return CgroupMode.V1;
    }

    /** One line of {@code /proc/self/mountinfo}: where, what type, from which source. */
    public record Mount(String mountPoint, String fsType, String source) {}

    public List<Mount> mounts() {
        return readLines("proc/self/mountinfo").stream().map(HostFacts::parseMountInfo).filter(m -> m != null).toList();
    }

    static Mount parseMountInfo(String line) {
        // 36 35 98:0 /mnt1 /mnt2 rw,noatime master:1 - ext3 /dev/root rw,errors=continue
        String[] parts = line.split(" ");
        int dash = List.of(parts).indexOf("-");
        if (parts.length < 5 || dash < 0 || dash + 2 >= parts.length) return null;
        return new Mount(unescape(parts[4]), parts[dash + 1], unescape(parts[dash + 2]));
    }

    private static String unescape(String s) {
        return s.replace("\\040", " ").replace("\\011", "\t").replace("\\012", "\n").replace("\\134", "\\");
    }

    /** The type of the filesystem {@code path} lives on, named as dockerd's "Backing Filesystem". */
    public String backingFilesystem(Path path) {
        String p = path.toAbsolutePath().normalize().toString();
        Mount best = null;
        for (Mount m : mounts()) {
            String mp = m.mountPoint();
            boolean covers = mp.equals("/") || p.equals(mp) || p.startsWith(mp + "/");
            if (covers && (best == null || mp.length() >= best.mountPoint().length())) best = m;
        }
        if (best == null) return "<unknown>";
        return switch (best.fsType().toLowerCase(Locale.ROOT)) {
            case "ext2", "ext3", "ext4" -> "extfs";
            case "overlay" -> "overlayfs";
            default -> best.fsType();
        };
    }

    private String readFirstLine(String relative) {
        List<String> lines = readLines(relative);
        return lines.isEmpty() ? null : lines.getFirst().strip();
    }

    private List<String> readLines(String relative) {
        try {
            return Files.readAllLines(root.resolve(relative));
        } catch (IOException | RuntimeException e) {
            return List.of();
        }
    }
}
