package dev.berth.storage;

import static java.nio.file.LinkOption.NOFOLLOW_LINKS;

import dev.berth.core.container.Snapshotter.Change;
import dev.berth.core.container.Snapshotter.Change.Kind;
import dev.berth.sys.Xattrs;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * {@code docker diff} of two full trees (vfs: the container's copy against the image's top
 * layer). Non-directories differ by type, mode, owner, size, mtime, symlink target or file
 * capabilities; directories only by type, mode and owner (their mtime and size follow their
 * entries, which are compared themselves). Everything below an added directory is A; only the
 * top of a deleted subtree is D; the parent of an A or D is C, as in dockerd.
 */
final class TreeChanges {
    private final List<Change> out = new ArrayList<>();

    private TreeChanges() {}

    /** Changes sorted by path; {@code image} may be null (an image without layers). */
    static List<Change> of(Path image, Path container) throws IOException {
        TreeChanges c = new TreeChanges();
        c.compare("", image, container, false);
        c.out.sort((a, b) -> a.path().compareTo(b.path()));
        return c.out;
    }

    /** {@code parentRecorded}: {@code rel} itself is already listed as changed. */
    private void compare(String rel, Path imageDir, Path containerDir, boolean parentRecorded) throws IOException {
        List<String> names = OverlayChanges.sortedNames(containerDir);
        Set<String> seen = new HashSet<>(names);
        boolean recorded = parentRecorded;
        for (String name : names) {
            String path = rel + "/" + name;
            Path c = containerDir.resolve(name);
            Path i = imageDir == null ? null : imageDir.resolve(name);
            boolean cDir = Files.isDirectory(c, NOFOLLOW_LINKS);
            if (i == null || !Files.exists(i, NOFOLLOW_LINKS)) {
                recorded = parentChanged(rel, recorded);
                out.add(new Change(path, Kind.ADDED));
                if (cDir) addAll(path, c);
                continue;
            }
            boolean iDir = Files.isDirectory(i, NOFOLLOW_LINKS);
            boolean same = !differs(i, c);
            if (!same) out.add(new Change(path, Kind.MODIFIED));
            if (cDir && iDir) {
                compare(path, i, c, !same);
            } else if (cDir) {
                addAll(path, c);
            }
        }
        if (imageDir != null) {
            for (String name : OverlayChanges.sortedNames(imageDir)) {
                if (seen.contains(name)) continue;
                recorded = parentChanged(rel, recorded);
                out.add(new Change(rel + "/" + name, Kind.DELETED));
            }
        }
    }

    private boolean parentChanged(String rel, boolean recorded) {
        if (!recorded && !rel.isEmpty()) out.add(new Change(rel, Kind.MODIFIED));
        return true;
    }

    private void addAll(String rel, Path dir) throws IOException {
        for (String name : OverlayChanges.sortedNames(dir)) {
            Path c = dir.resolve(name);
            out.add(new Change(rel + "/" + name, Kind.ADDED));
            if (Files.isDirectory(c, NOFOLLOW_LINKS)) addAll(rel + "/" + name, c);
        }
    }

    static boolean differs(Path a, Path b) throws IOException {
        int ma = FileTrees.mode(a);
        if (ma != FileTrees.mode(b) || !attr(a, "uid").equals(attr(b, "uid")) || !attr(a, "gid").equals(attr(b, "gid"))) {
            return true;
        }
        int type = ma & FileTrees.S_IFMT;
        if (type == FileTrees.S_IFDIR) return false;
        if (!attr(a, "rdev").equals(attr(b, "rdev")) || !attr(a, "size").equals(attr(b, "size"))
            || !Files.getLastModifiedTime(a, NOFOLLOW_LINKS).equals(Files.getLastModifiedTime(b, NOFOLLOW_LINKS))) {
            return true;
        }
        if (type == FileTrees.S_IFLNK) return !Files.readSymbolicLink(a).equals(Files.readSymbolicLink(b));
        return !Arrays.equals(capability(a), capability(b));
    }

    private static Object attr(Path p, String name) throws IOException {
        return Objects.requireNonNull(Files.getAttribute(p, "unix:" + name, NOFOLLOW_LINKS));
    }

    private static byte[] capability(Path p) throws IOException {
        if ((FileTrees.mode(p) & FileTrees.S_IFMT) == FileTrees.S_IFLNK) return null;
        return Xattrs.get(p, "security.capability").orElse(null);
    }
}
