package dev.berth.storage;

import dev.berth.sys.ErrnoException;
import dev.berth.sys.Mounts;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * This process' mounts as {@code /proc/self/mountinfo} lists them, and unmounting whole subtrees.
 * Checked before deleting a container's directories: deleting through a live overlay mount would
 * delete image layer contents.
 */
public final class MountTable {
    private static final Logger LOG = LoggerFactory.getLogger(MountTable.class);
    private static final Path MOUNTINFO = Path.of("/proc/self/mountinfo");

    private MountTable() {}

    /** Mount points at or below {@code dir}, in mount order. */
    static List<Path> mountsUnder(Path dir) {
        Path root = dir.toAbsolutePath().normalize();
        List<Path> out = new ArrayList<>();
        for (Path p : mountPoints()) {
            if (p.startsWith(root)) out.add(p);
        }
        return out;
    }

    public static boolean isMountPoint(Path dir) {
        return mountPoints().contains(dir.toAbsolutePath().normalize());
    }

    static List<Path> mountPoints() {
        List<String> lines;
        try {
            lines = Files.readAllLines(MOUNTINFO, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        List<Path> out = new ArrayList<>();
        for (String line : lines) {
            String[] f = line.split(" ");
            if (f.length > 4) out.add(Path.of(unescape(f[4])));
        }
        return out;
    }

    /** mountinfo escapes space, tab, newline and backslash as three octal digits. */
    static String unescape(String field) {
        if (field.indexOf('\\') < 0) return field;
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] b = field.getBytes(StandardCharsets.UTF_8);
        for (int i = 0; i < b.length; i++) {
            if (b[i] == '\\' && isOctal(b, i + 1)) {
                out.write(Integer.parseInt(new String(b, i + 1, 3, StandardCharsets.US_ASCII), 8));
                i += 3;
            } else {
                out.write(b[i]);
            }
        }
        return out.toString(StandardCharsets.UTF_8);
    }

    private static boolean isOctal(byte[] b, int from) {
        if (from + 3 > b.length) return false;
        for (int i = from; i < from + 3; i++) if (b[i] < '0' || b[i] > '7') return false;
        return true;
    }

    /**
     * Unmounts everything at or below {@code dir}, deepest first. A busy mount (a process still
     * has its cwd or a file there) is detached lazily: it disappears from the tree now and the
     * kernel frees it when the last user goes, which is what removing a container needs.
     */
    static void unmountAll(Path dir) throws ErrnoException {
        for (int round = 0; round < 16; round++) {
            List<Path> mounts = mountsUnder(dir);
            if (mounts.isEmpty()) return;
            mounts.sort(Comparator.comparingInt(Path::getNameCount).reversed());
            for (Path m : mounts) unmount(m);
        }
        throw new ErrnoException("umount2", dir + " (mounts keep reappearing)", ErrnoException.EBUSY);
    }

    /** Unmounts {@code target} if it is mounted; lazily when busy. */
    public static void unmount(Path target) throws ErrnoException {
        try {
            Mounts.unmount(target, Mounts.UMOUNT_NOFOLLOW);
        } catch (ErrnoException e) {
            if (e.errno() == ErrnoException.EINVAL || e.errno() == ErrnoException.ENOENT) return; // not mounted
            if (e.errno() != ErrnoException.EBUSY) throw e;
            LOG.info("{} is busy, detaching it lazily", target);
            Mounts.unmount(target, Mounts.MNT_DETACH | Mounts.UMOUNT_NOFOLLOW);
        }
    }
}
