package dev.berth.core.container;

import dev.berth.common.error.BerthException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * dockerd's check before a bind mount with {@code rshared}/{@code rslave} propagation: the host
 * mount holding the source must itself be shared (or, for slave, shared or slave), otherwise
 * nothing would propagate. Reads {@code /proc/self/mountinfo}.
 */
final class MountPropagation {
    private final Path mountinfo;

    MountPropagation(Path mountinfo) {
        this.mountinfo = mountinfo;
    }

    static MountPropagation host() { return new MountPropagation(Path.of("/proc/self/mountinfo")); }

    /** Refuses {@code propagation} for {@code source} when its mount cannot provide it (dockerd's wording). */
    void check(Path source, String propagation) {
        boolean shared = propagation.equals("shared") || propagation.equals("rshared");
        boolean slave = propagation.equals("slave") || propagation.equals("rslave");
        if (!shared && !slave) return;
        Mount m = containing(source);
        if (m == null) return;
        if (shared && !m.shared()) {
            throw new BerthException.InvalidArgument("path " + source + " is mounted on " + m.mountPoint() + " but it is not a shared mount");
        }
        if (slave && !m.shared() && !m.slave()) {
            throw new BerthException.InvalidArgument("path " + source + " is mounted on " + m.mountPoint()
                + " but it is not a shared or slave mount");
        }
    }

    record Mount(String mountPoint, boolean shared, boolean slave) {}

    /** The last-mounted entry whose mount point is the longest prefix of {@code path}'s real path. */
    Mount containing(Path path) {
        List<String> lines;
        String real;
        try {
            lines = Files.readAllLines(mountinfo);
            real = path.toRealPath().toString();
        } catch (IOException e) {
            return null;
        }
        Mount best = null;
        for (String line : lines) {
            String[] f = line.split(" ");
            if (f.length < 7) continue;
            String mp = unescape(f[4]);
            boolean under = real.equals(mp) || mp.equals("/") || real.startsWith(mp + "/");
            if (!under || (best != null && mp.length() < best.mountPoint().length())) continue;
            boolean shared = false;
            boolean slave = false;
            for (int i = 6; i < f.length && !f[i].equals("-"); i++) {
                if (f[i].startsWith("shared:")) shared = true;
                if (f[i].startsWith("master:")) slave = true;
            }
            best = new Mount(mp, shared, slave);
        }
        return best;
    }

    private static String unescape(String s) {
        return s.replace("\\040", " ").replace("\\011", "\t").replace("\\012", "\n").replace("\\134", "\\");
    }
}
