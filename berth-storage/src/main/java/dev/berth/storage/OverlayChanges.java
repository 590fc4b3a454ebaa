package dev.berth.storage;

import static java.nio.file.LinkOption.NOFOLLOW_LINKS;

import dev.berth.core.container.Snapshotter.Change;
import dev.berth.core.container.Snapshotter.Change.Kind;
import dev.berth.sys.SpecialFiles;
import dev.berth.sys.Xattrs;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;

/**
 * {@code docker diff} of an overlay container: walks the upper directory and looks each path up in
 * the image's layers (top first, honouring their whiteouts and opaque directories).
 *
 * <ul>
 * <li>a whiteout (0/0 char device) is D;
 * <li>a path the image has is C, one it lacks is A; a directory the image has whose mode, owner
 * and mtime are unchanged is not listed (overlay copied it up only to reach a child);
 * <li>an opaque directory the image has is C, and each entry the image shows in it is D (that
 * is what the container sees; overlay itself records only the opaque flag);
 * <li>as dockerd does, the parent of an A or D is C even when its own metadata did not change.
 * </ul>
 */
final class OverlayChanges {
    private final Path upper;
    private final List<Path> lowers;
    private final Map<String, Kind> changes = new LinkedHashMap<>();

    private OverlayChanges(Path upper, List<Path> lowersTopFirst) {
        this.upper = upper;
        this.lowers = lowersTopFirst;
    }

    /** Changes sorted by path; {@code lowersTopFirst} is overlay's lowerdir order. */
    static List<Change> of(Path upper, List<Path> lowersTopFirst) throws IOException {
        OverlayChanges c = new OverlayChanges(upper, lowersTopFirst);
        c.walk("");
        List<Change> out = new ArrayList<>();
        new TreeSet<>(c.changes.keySet()).forEach(p -> out.add(new Change(p, c.changes.get(p))));
        return out;
    }

    private void walk(String dirRel) throws IOException {
        for (String name : sortedNames(upper.resolve(dirRel.isEmpty() ? "." : dirRel.substring(1)))) {
            String rel = dirRel + "/" + name;
            Path file = upper.resolve(rel.substring(1));
            if (isWhiteout(file)) {
                record(rel, Kind.DELETED);
                continue;
            }
            Path inImage = find(rel);
            boolean dir = Files.isDirectory(file, NOFOLLOW_LINKS);
            if (inImage == null) {
                record(rel, Kind.ADDED);
            } else if (dir && isOpaque(file)) {
                record(rel, Kind.MODIFIED);
                for (String hidden : visibleChildren(rel)) {
                    if (!Files.exists(file.resolve(hidden), NOFOLLOW_LINKS)) record(rel + "/" + hidden, Kind.DELETED);
                }
            } else if (!dir || !Files.isDirectory(inImage, NOFOLLOW_LINKS) || !sameMetadata(file, inImage)) {
                record(rel, Kind.MODIFIED);
            }
            if (dir) walk(rel);
        }
    }

    private void record(String rel, Kind kind) {
        if (kind != Kind.MODIFIED) {
            String parent = rel.substring(0, rel.lastIndexOf('/'));
            if (!parent.isEmpty()) changes.putIfAbsent(parent, Kind.MODIFIED);
        }
        changes.putIfAbsent(rel, kind);
    }

    /** The path in the top-most layer that shows {@code rel}, or null when the image does not have it. */
    private Path find(String rel) throws IOException {
        for (Path layer : lowers) {
            Path p = layer.resolve(rel.substring(1));
            if (Files.exists(p, NOFOLLOW_LINKS)) return isWhiteout(p) ? null : p;
            if (hidesBelow(layer, rel)) return null;
        }
        return null;
    }

    /** Whether an ancestor of {@code rel} in {@code layer} is a whiteout, a non-directory or opaque. */
    private static boolean hidesBelow(Path layer, String rel) throws IOException {
        Path p = layer;
        String[] parts = rel.substring(1).split("/");
        for (int i = 0; i < parts.length - 1; i++) {
            p = p.resolve(parts[i]);
            if (!Files.exists(p, NOFOLLOW_LINKS)) return false;
            if (!Files.isDirectory(p, NOFOLLOW_LINKS) || isOpaque(p)) return true;
        }
        return false;
    }

    /** Names the image shows in directory {@code rel}: merged over the layers, minus their whiteouts. */
    private Set<String> visibleChildren(String rel) throws IOException {
        Set<String> seen = new HashSet<>();
        Set<String> visible = new TreeSet<>();
        for (Path layer : lowers) {
            Path dir = layer.resolve(rel.substring(1));
            if (!Files.exists(dir, NOFOLLOW_LINKS)) {
                if (hidesBelow(layer, rel)) break;
                continue;
            }
            if (!Files.isDirectory(dir, NOFOLLOW_LINKS)) break;
            for (String name : sortedNames(dir)) {
                if (seen.add(name) && !isWhiteout(dir.resolve(name))) visible.add(name);
            }
            if (isOpaque(dir)) break;
        }
        return visible;
    }

    static List<String> sortedNames(Path dir) throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }

    static boolean isWhiteout(Path p) throws IOException {
        int mode = FileTrees.mode(p);
        return (mode & FileTrees.S_IFMT) == SpecialFiles.S_IFCHR
            && (Long) Files.getAttribute(p, "unix:rdev", NOFOLLOW_LINKS) == 0L;
    }

    static boolean isOpaque(Path dir) throws IOException {
        var v = Xattrs.get(dir, "trusted.overlay.opaque");
        return v.isPresent() && v.get().length == 1 && v.get()[0] == 'y';
    }

    /** Directories compare by mode, owner and mtime, as dockerd compares them. */
    private static boolean sameMetadata(Path a, Path b) throws IOException {
        return FileTrees.mode(a) == FileTrees.mode(b)
            && Files.getAttribute(a, "unix:uid", NOFOLLOW_LINKS).equals(Files.getAttribute(b, "unix:uid", NOFOLLOW_LINKS))
            && Files.getAttribute(a, "unix:gid", NOFOLLOW_LINKS).equals(Files.getAttribute(b, "unix:gid", NOFOLLOW_LINKS))
            && Files.getLastModifiedTime(a, NOFOLLOW_LINKS).equals(Files.getLastModifiedTime(b, NOFOLLOW_LINKS));
    }
}
