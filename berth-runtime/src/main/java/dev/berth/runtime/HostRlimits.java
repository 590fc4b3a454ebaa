package dev.berth.runtime;

import dev.berth.common.error.BerthException;
import dev.berth.core.runtime.RuntimeSpec.Rlimit;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The daemon's own hard resource limits. The container's init inherits them through conmon and
 * runc, and an unprivileged-enough host (or a sandbox) refuses to raise a hard limit: Docker then
 * fails the start with an opaque EPERM. We clamp the requested limits instead, like containerd's
 * CRI does, so {@code --ulimit nofile=1048576} works on a host whose hard limit is lower.
 *
 * <p>Read from {@code /proc/self/limits} rather than getrlimit(2): it is the same data and needs no
 * native access. A value of -1 means unlimited (Docker's spelling).
 */
public final class HostRlimits {
    /** /proc/self/limits row titles, mapped to Docker's ulimit names. */
    private static final Map<String, String> ROWS = Map.ofEntries(
        Map.entry("Max cpu time", "cpu"), Map.entry("Max file size", "fsize"),
        Map.entry("Max data size", "data"), Map.entry("Max stack size", "stack"),
        Map.entry("Max core file size", "core"), Map.entry("Max resident set", "rss"),
        Map.entry("Max processes", "nproc"), Map.entry("Max open files", "nofile"),
        Map.entry("Max locked memory", "memlock"), Map.entry("Max address space", "as"),
        Map.entry("Max file locks", "locks"), Map.entry("Max pending signals", "sigpending"),
        Map.entry("Max msgqueue size", "msgqueue"), Map.entry("Max nice priority", "nice"),
        Map.entry("Max realtime priority", "rtprio"), Map.entry("Max realtime timeout", "rttime"));

    private final Map<String, Long> hard;

    private HostRlimits(Map<String, Long> hard) { this.hard = Map.copyOf(hard); }

    public static HostRlimits current() {
        try {
            return parse(Files.readString(Path.of("/proc/self/limits")));
        } catch (IOException e) {
            throw new BerthException.Internal("cannot read /proc/self/limits: " + e.getMessage(), e);
        }
    }

    /** Parses the text of a {@code /proc/<pid>/limits} file. */
    public static HostRlimits parse(String procLimits) {
        Map<String, Long> hard = new HashMap<>();
        for (String line : procLimits.lines().toList()) {
            for (var row : ROWS.entrySet()) {
                if (!line.startsWith(row.getKey() + " ")) continue;
                String[] cols = line.substring(row.getKey().length()).trim().split("\\s+");
                if (cols.length >= 2) hard.put(row.getValue(), "unlimited".equals(cols[1]) ? -1L : Long.parseLong(cols[1]));
            }
        }
        return new HostRlimits(hard);
    }

    /** Fixed limits, for tests. */
    public static HostRlimits of(Map<String, Long> hard) { return new HostRlimits(hard); }

    /** The hard limit for a Docker ulimit name, -1 if unlimited or unknown. */
    public long hard(String type) { return hard.getOrDefault(type.toLowerCase(Locale.ROOT), -1L); }

    /** Lowers hard (and then soft) to the host's hard limit; -1 (unlimited) counts as the largest. */
    public Rlimit clamp(Rlimit r) {
        long max = hard(r.type());
        long h = max >= 0 && (r.hard() < 0 || r.hard() > max) ? max : r.hard();
        long s = h >= 0 && (r.soft() < 0 || r.soft() > h) ? h : r.soft();
        return new Rlimit(r.type(), s, h);
    }

    public List<Rlimit> clampAll(List<Rlimit> limits) { return limits.stream().map(this::clamp).toList(); }
}
