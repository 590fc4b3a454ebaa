package dev.berth.storage;

import static java.nio.file.LinkOption.NOFOLLOW_LINKS;

import dev.berth.common.error.BerthException;
import dev.berth.core.container.PathStat;
import dev.berth.core.container.RootfsArchiver;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.Deque;

/**
 * {@link RootfsArchiver} with the layer tools: {@link ScopedPath} for chrooted resolution,
 * {@link LayerTarWriter} for archives (so a copied file keeps owners, modes, xattrs and hardlinks
 * exactly as a layer would) and {@link TarExtractor} for extraction.
 *
 * <p>Paths are cleaned as Go's {@code filepath.Clean}, but a trailing {@code /} or {@code /.}
 * the client wrote is kept, because it changes the meaning (dockerd's
 * {@code PreserveTrailingDotOrSeparator}): {@code dir/.} archives the directory's contents.
 */
public final class TarRootfsArchiver implements RootfsArchiver {

    /** A container path after cleaning: the parent to resolve in scope, and the last element as written. */
    record ContainerPath(String absolute, String dir, String base) {
        /** The name dockerd reports and archives under: the last element, "/" for the root. */
        String name() {
            String trimmed = absolute.replaceAll("/+$", "");
            return trimmed.isEmpty() ? "/" : trimmed.substring(trimmed.lastIndexOf('/') + 1);
        }
    }

    @Override
    public PathStat stat(Path root, String path) {
        ContainerPath p = parse(path);
        try {
            Path resolved = unfollowed(root, p);
            if (!ScopedPath.exists(resolved)) return null;
            int mode = FileTrees.mode(resolved);
            long size = (Long) Files.getAttribute(resolved, "unix:size", NOFOLLOW_LINKS);
            var mtime = Files.getLastModifiedTime(resolved, NOFOLLOW_LINKS).toInstant();
            String linkTarget = "";
            if ((mode & FileTrees.S_IFMT) == FileTrees.S_IFLNK) {
                Path target = ScopedPath.resolve(root, clean(p.absolute()));
                linkTarget = "/" + root.relativize(target).toString();
            }
            return new PathStat(p.name(), size, mode, mtime, linkTarget);
        } catch (NoSuchFileException e) {
            return null;
        } catch (IOException e) {
            throw new BerthException.Internal("cannot stat " + path + ": " + e.getMessage(), e);
        }
    }

    @Override
    public InputStream archive(Path root, String path) {
        return archive(root, path, null);
    }

    @Override
    public InputStream archive(Path root, String path, String rename) {
        ContainerPath p = parse(path);
        Path resolved;
        try {
            resolved = unfollowed(root, p);
        } catch (IOException e) {
            throw new BerthException.Internal("cannot resolve " + path + ": " + e.getMessage(), e);
        }
        if (!ScopedPath.exists(resolved)) throw new BerthException.NotFound("no such file: " + path);
        // dockerd rebases the entries onto the name the client asked for; the root's ("/") become "./…"
        // here, because tar writers strip a leading slash anyway
        String name = rename != null ? rename : p.name().equals("/") ? "." : p.name();
        return LayerTarWriter.stream("archive", w -> writeTree(w, resolved, name));
    }

    @Override
    public void extract(Path root, String path, InputStream tar, ExtractOptions options) {
        Path dir;
        try {
            dir = ScopedPath.resolve(root, clean(parse(path).absolute()));
        } catch (IOException e) {
            throw new BerthException.Internal("cannot resolve " + path + ": " + e.getMessage(), e);
        }
        if (!ScopedPath.exists(dir)) throw new BerthException.NotFound("no such directory: " + path);
        if (!Files.isDirectory(dir, NOFOLLOW_LINKS)) throw new BerthException.InvalidArgument("extraction point is not a directory");
        String prefix = root.relativize(dir).toString();
        TarExtractor.extract(tar, root, new TarExtractor.Placement(prefix, options.noOverwriteDirNonDir(), options.uid(), options.gid()));
    }

    @Override
    public InputStream export(Path root) {
        return LayerTarWriter.stream("export", w -> writeChildren(w, root, ""));
    }

    /** The entry itself, then (for a directory, not followed) its contents in name order. */
    private static void writeTree(LayerTarWriter w, Path file, String name) throws IOException {
        w.node(file, name);
        if (Files.isDirectory(file, NOFOLLOW_LINKS)) writeChildren(w, file, name + "/");
    }

    private static void writeChildren(LayerTarWriter w, Path dir, String prefix) throws IOException {
        for (String child : OverlayChanges.sortedNames(dir)) writeTree(w, dir.resolve(child), prefix + child);
    }

    /** The path with every element but the last resolved in scope; the last is taken as it is (lstat). */
    private static Path unfollowed(Path root, ContainerPath p) throws IOException {
        Path dir = ScopedPath.resolve(root, p.dir());
        return p.base().isEmpty() || p.base().equals(".") ? dir : dir.resolve(p.base());
    }

    /** Cleans {@code path} as an absolute container path, keeping a trailing {@code /} or {@code /.}. */
    static ContainerPath parse(String path) {
        String original = path == null ? "" : path;
        String cleaned = clean(original);
        boolean dotted = original.equals(".") || original.endsWith("/.");
        if (dotted && !cleaned.endsWith("/.")) cleaned = (cleaned.endsWith("/") ? cleaned : cleaned + "/") + ".";
        if (!cleaned.endsWith("/") && original.endsWith("/")) cleaned += "/";
        int slash = cleaned.lastIndexOf('/');
        return new ContainerPath(cleaned, cleaned.substring(0, slash + 1), cleaned.substring(slash + 1));
    }

    /** Go's filepath.Clean of {@code "/" + path}: no empty, "." or ".." elements; ".." stops at the root. */
    static String clean(String path) {
        Deque<String> parts = new ArrayDeque<>();
        for (String part : path.split("/")) {
            if (part.isEmpty() || part.equals(".")) continue;
            if (part.equals("..")) {
                parts.pollLast();
                continue;
            }
            parts.addLast(part);
        }
        return "/" + String.join("/", parts);
    }
}
