package dev.berth.runtime;

import dev.berth.common.error.BerthException;
import dev.berth.core.runtime.Security;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/** Docker's capability rules: the default set, --cap-add/--cap-drop with {@code ALL}, --privileged. */
public final class Capabilities {

    /** Every Linux capability, indexed by its number (CAP_CHOWN = 0 …). */
    static final List<String> KNOWN = List.of(
        "CAP_CHOWN", "CAP_DAC_OVERRIDE", "CAP_DAC_READ_SEARCH", "CAP_FOWNER", "CAP_FSETID", "CAP_KILL",
        "CAP_SETGID", "CAP_SETUID", "CAP_SETPCAP", "CAP_LINUX_IMMUTABLE", "CAP_NET_BIND_SERVICE",
        "CAP_NET_BROADCAST", "CAP_NET_ADMIN", "CAP_NET_RAW", "CAP_IPC_LOCK", "CAP_IPC_OWNER", "CAP_SYS_MODULE",
        "CAP_SYS_RAWIO", "CAP_SYS_CHROOT", "CAP_SYS_PTRACE", "CAP_SYS_PACCT", "CAP_SYS_ADMIN", "CAP_SYS_BOOT",
        "CAP_SYS_NICE", "CAP_SYS_RESOURCE", "CAP_SYS_TIME", "CAP_SYS_TTY_CONFIG", "CAP_MKNOD", "CAP_LEASE",
        "CAP_AUDIT_WRITE", "CAP_AUDIT_CONTROL", "CAP_SETFCAP", "CAP_MAC_OVERRIDE", "CAP_MAC_ADMIN", "CAP_SYSLOG",
        "CAP_WAKE_ALARM", "CAP_BLOCK_SUSPEND", "CAP_AUDIT_READ", "CAP_PERFMON", "CAP_BPF", "CAP_CHECKPOINT_RESTORE");

    /** Docker's default set: what a typical root process in a container needs, nothing that escapes it. */
    public static final List<String> DEFAULT = List.of(
        "CAP_CHOWN", "CAP_DAC_OVERRIDE", "CAP_FSETID", "CAP_FOWNER", "CAP_MKNOD", "CAP_NET_RAW", "CAP_SETGID",
        "CAP_SETUID", "CAP_SETFCAP", "CAP_SETPCAP", "CAP_NET_BIND_SERVICE", "CAP_SYS_CHROOT", "CAP_KILL",
        "CAP_AUDIT_WRITE");

    private final List<String> all;

    private Capabilities(List<String> all) { this.all = all; }

    /** The capabilities this kernel has (a newer name on an older kernel would make runc fail). */
    public static Capabilities ofHost() {
        int last = KNOWN.size() - 1;
        try {
            // read as a stream: Files.readString trusts the size procfs reports and returned only "4" of "40" here
            String text;
            try (var in = Files.newInputStream(Path.of("/proc/sys/kernel/cap_last_cap"))) {
                text = new String(in.readAllBytes(), java.nio.charset.StandardCharsets.US_ASCII);
            }
            last = Math.min(last, Integer.parseInt(text.strip()));
        } catch (IOException | NumberFormatException e) {
            // keep every known capability: runc warns about and skips ones the kernel lacks
        }
        long bounding = ownBoundingSet();
        List<String> caps = new ArrayList<>();
        for (int i = 0; i <= last; i++) if ((bounding & (1L << i)) != 0) caps.add(KNOWN.get(i));
        return new Capabilities(List.copyOf(caps));
    }

    /**
     * The daemon's own bounding set (CapBnd of /proc/self/status), as dockerd filters "all": a
     * capability the daemon cannot hold cannot be given to a container either (runc would fail
     * with "unable to apply caps"). All bits when unknown.
     */
    static long ownBoundingSet() {
        try (var in = Files.newInputStream(Path.of("/proc/self/status"))) {
            for (String line : new String(in.readAllBytes(), java.nio.charset.StandardCharsets.US_ASCII).lines().toList()) {
                if (line.startsWith("CapBnd:")) return Long.parseUnsignedLong(line.substring(7).strip(), 16);
            }
        } catch (IOException | NumberFormatException e) {
            // unknown: assume every capability
        }
        return -1L;
    }

    public static Capabilities ofAllKnown() { return new Capabilities(KNOWN); }

    public List<String> all() { return all; }

    /**
     * The effective set, in capability-number order. Like Docker, adds win over drops, {@code ALL}
     * in --cap-drop starts from nothing, {@code ALL} in --cap-add starts from everything.
     *
     * @throws BerthException.InvalidArgument for a name that is not a capability
     */
    public List<String> resolve(Security security) {
        List<String> add = normalize(security.capAdd());
        List<String> drop = normalize(security.capDrop());
        if (security.privileged()) return all;
        Set<String> caps = new LinkedHashSet<>();
        if (add.contains("ALL")) {
            caps.addAll(all);
            caps.removeAll(drop);
        } else {
            if (!drop.contains("ALL")) caps.addAll(DEFAULT);
            caps.removeAll(drop);
            caps.addAll(add);
        }
        List<String> ordered = new ArrayList<>();
        for (String c : KNOWN) if (caps.contains(c)) ordered.add(c);
        return ordered;
    }

    private static List<String> normalize(List<String> names) {
        List<String> out = new ArrayList<>();
        for (String n : names) {
            String u = n.strip().toUpperCase(Locale.ROOT);
            if (u.equals("ALL")) {
                out.add(u);
                continue;
            }
            if (!u.startsWith("CAP_")) u = "CAP_" + u;
            if (!KNOWN.contains(u)) throw new BerthException.InvalidArgument("unknown capability: \"" + u + "\"");
            out.add(u);
        }
        return out;
    }
}
