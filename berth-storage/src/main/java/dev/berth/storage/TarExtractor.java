package dev.berth.storage;

import static java.nio.file.LinkOption.NOFOLLOW_LINKS;

import dev.berth.common.error.BerthException;
import dev.berth.core.image.Digest;
import dev.berth.sys.FileAttributes;
import dev.berth.sys.SpecialFiles;
import dev.berth.sys.Xattrs;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;

/**
 * Applies one layer tar to a directory in a single pass, hashing the tar as it goes (the hash is
 * the layer's diffID). Entry names are confined to the directory; ownership, full modes, device
 * numbers, xattrs and mtimes are restored as the tar says.
 *
 * <p>Whiteouts follow the OCI image spec: {@code .wh.name} hides {@code name} of lower layers and
 * {@code .wh..wh..opq} hides everything a lower layer had in that directory. With
 * {@link Whiteouts#OVERLAY} they are kept in overlayfs' form (0/0 char device, opaque xattr), with
 * {@link Whiteouts#DELETE} they are applied to a full copy of the parent by deleting.
 *
 * <p>Errors: a malformed or truncated tar or an entry escaping the directory is
 * {@code InvalidArgument}; a filesystem failure is {@code Internal}.
 */
final class TarExtractor {
    private static final String WHITEOUT_PREFIX = ".wh.";
    private static final String OPAQUE = ".wh..wh..opq";
    private static final String XATTR_PAX_PREFIX = "SCHILY.xattr.";

    /** OVERLAY, DELETE: a layer; NONE: a plain archive ({@code docker cp}) where {@code .wh.} names are ordinary files. */
    enum Whiteouts { OVERLAY, DELETE, NONE }

    /**
     * Where and how a plain archive goes: below {@code prefix} (relative to the root, "" for the
     * root itself), optionally refusing dir/non-dir replacements, optionally owned by one uid/gid.
     */
    record Placement(String prefix, boolean noOverwriteDirNonDir, Integer uid, Integer gid) {
        static final Placement LAYER = new Placement("", false, null, null);
    }

    /** diffID and sizes: {@code diffSize} counts file contents, {@code tarSize} the tar's bytes. */
    record Result(Digest diffId, long diffSize, long tarSize) {}

    private final Path root;
    private final Whiteouts whiteouts;
    private final Placement placement;
    private final Set<String> createdHere = new HashSet<>();
    private final List<Object[]> dirTimes = new ArrayList<>();
    private long diffSize;
    private PaxXattrSniffer sniffer;
    private int entryIndex;

    private TarExtractor(Path root, Whiteouts whiteouts, Placement placement) {
        this.root = root;
        this.whiteouts = whiteouts;
        this.placement = placement;
    }

    /** Extracts the uncompressed tar {@code in} into {@code root} (which must exist). */
    static Result apply(InputStream in, Path root, Whiteouts whiteouts) {
        return new TarExtractor(root, whiteouts, Placement.LAYER).run(in);
    }

    /**
     * Extracts a plain archive below {@code placement.prefix()} of {@code root}; symlinks on the
     * way resolve within {@code root} (a container's root filesystem), as dockerd's chrooted untar.
     */
    static Result extract(InputStream in, Path root, Placement placement) {
        return new TarExtractor(root, Whiteouts.NONE, placement).run(in);
    }

    private String placed(String name) {
        return placement.prefix().isEmpty() ? name : placement.prefix() + "/" + name;
    }

    private Result run(InputStream in) {
        HashingStream hashing = new HashingStream(in);
        try {
            sniffer = new PaxXattrSniffer(hashing);
            TarArchiveInputStream tar = new TarArchiveInputStream(sniffer);
            TarArchiveEntry entry;
            while ((entry = nextEntry(tar)) != null) {
                apply(tar, entry);
                entryIndex++;
            }
            // the diffID covers the whole stream, including the end-of-archive padding
            drain(hashing);
            for (int i = dirTimes.size() - 1; i >= 0; i--) {
                Instant t = (Instant) dirTimes.get(i)[1];
                FileAttributes.setTimesNoFollow((Path) dirTimes.get(i)[0], t, t);
            }
        } catch (IOException e) {
            throw new BerthException.Internal("cannot extract layer into " + root + ": " + e.getMessage(), e);
        }
        return new Result(Digest.ofSha256(hashing.sha.digest()), diffSize, hashing.count);
    }

    private static TarArchiveEntry nextEntry(TarArchiveInputStream tar) {
        try {
            return tar.getNextEntry();
        } catch (IOException | IllegalArgumentException e) {
            throw new BerthException.InvalidArgument("invalid tar archive: " + e.getMessage(), e);
        }
    }

    private static void drain(InputStream in) {
        try {
            in.transferTo(OutputStream.nullOutputStream());
        } catch (IOException e) {
            throw new BerthException.InvalidArgument("invalid tar archive: " + e.getMessage(), e);
        }
    }

    private void apply(TarArchiveInputStream tar, TarArchiveEntry e) throws IOException {
        String entry = ScopedPath.cleanEntryName(e.getName());
        if (entry.isEmpty()) return; // "./": the layer root, or the directory a cp extracts into
        String name = placed(entry);
        int slash = name.lastIndexOf('/');
        String dirName = slash < 0 ? "" : name.substring(0, slash);
        String base = slash < 0 ? name : name.substring(slash + 1);
        if (whiteouts != Whiteouts.NONE && base.startsWith(WHITEOUT_PREFIX)) {
            whiteout(dirName, base);
            return;
        }
        Path target = ScopedPath.parentResolved(root, name);
        Files.createDirectories(target.getParent());
        boolean existingDir = Files.isDirectory(target, NOFOLLOW_LINKS);
        if (placement.noOverwriteDirNonDir() && ScopedPath.exists(target) && existingDir != e.isDirectory()) {
            String dest = "/" + placement.prefix();
            throw new BerthException.InvalidArgument(existingDir
                ? "cannot overwrite directory \"/" + name + "\" with non-directory \"" + dest + "\""
                : "cannot overwrite non-directory \"/" + name + "\" with directory \"" + dest + "\"");
        }
        boolean keepExistingDir = e.isDirectory() && existingDir;
        if (!keepExistingDir && ScopedPath.exists(target)) FileTrees.deleteRecursively(target);
        createdHere.add(name);

        if (e.isDirectory()) {
            if (!keepExistingDir) Files.createDirectory(target);
        } else if (e.isSymbolicLink()) {
            Files.createSymbolicLink(target, Path.of(e.getLinkName()));
        } else if (e.isLink()) {
            Path source = ScopedPath.parentResolved(root, placed(ScopedPath.cleanEntryName(e.getLinkName())));
            if (!ScopedPath.exists(source) || Files.isDirectory(source, NOFOLLOW_LINKS)) {
                throw new BerthException.InvalidArgument(
                    "invalid tar entry " + e.getName() + ": hardlink target " + e.getLinkName() + " not found in layer");
            }
            Files.createLink(target, source);
            return; // a hardlink shares the target's inode and metadata
        } else if (e.isCharacterDevice()) {
            SpecialFiles.charDevice(target, e.getMode(), e.getDevMajor(), e.getDevMinor());
        } else if (e.isBlockDevice()) {
            SpecialFiles.blockDevice(target, e.getMode(), e.getDevMajor(), e.getDevMinor());
        } else if (e.isFIFO()) {
            SpecialFiles.fifo(target, e.getMode());
        } else if (e.isFile()) {
            writeFile(tar, target);
            diffSize += e.getSize();
        } else {
            return; // sparse/GNU extensions without content in a layer: nothing to create
        }
        restoreMetadata(e, target);
    }

    private void writeFile(TarArchiveInputStream tar, Path target) throws IOException {
        byte[] buf = new byte[65536];
        try (OutputStream out = Files.newOutputStream(target)) {
            while (true) {
                int n;
                try {
                    n = tar.read(buf);
                } catch (IOException e) {
                    throw new BerthException.InvalidArgument("invalid tar archive: " + e.getMessage(), e);
                }
                if (n < 0) break;
                out.write(buf, 0, n);
            }
        }
    }

    /** Owner first (chown clears setuid and file capabilities), then xattrs, mode and times. */
    private void restoreMetadata(TarArchiveEntry e, Path target) throws IOException {
        FileAttributes.lchown(target, placement.uid() != null ? placement.uid() : e.getLongUserId(),
            placement.gid() != null ? placement.gid() : e.getLongGroupId());
        for (Map.Entry<String, byte[]> x : xattrs(e).entrySet()) Xattrs.set(target, x.getKey(), x.getValue());
        if (!e.isSymbolicLink()) FileAttributes.chmod(target, e.getMode());
        Instant mtime = e.getLastModifiedTime().toInstant();
        if (e.isDirectory()) {
            dirTimes.add(new Object[] {target, mtime});
        } else {
            FileAttributes.setTimesNoFollow(target, mtime, mtime);
        }
    }

    /** Raw xattr bytes from the sniffer; commons-compress' decoded text only as a fallback. */
    private Map<String, byte[]> xattrs(TarArchiveEntry e) {
        PaxXattrSniffer.Sniffed raw = sniffer.take(entryIndex);
        if (raw != null && ScopedPath.cleanEntryName(raw.name()).equals(ScopedPath.cleanEntryName(e.getName()))) {
            return raw.xattrs();
        }
        Map<String, byte[]> out = new java.util.LinkedHashMap<>();
        for (Map.Entry<String, String> h : e.getExtraPaxHeaders().entrySet()) {
            if (h.getKey().startsWith(XATTR_PAX_PREFIX)) {
                out.put(h.getKey().substring(XATTR_PAX_PREFIX.length()), h.getValue().getBytes(StandardCharsets.UTF_8));
            }
        }
        return out;
    }

    private void whiteout(String dirName, String base) throws IOException {
        Path dir = ScopedPath.resolve(root, dirName);
        if (base.equals(OPAQUE)) {
            Files.createDirectories(dir);
            if (whiteouts == Whiteouts.OVERLAY) {
                Xattrs.set(dir, "trusted.overlay.opaque", new byte[] {'y'});
            } else {
                clearLowerEntries(dir, dirName);
            }
            return;
        }
        if (base.startsWith(WHITEOUT_PREFIX + WHITEOUT_PREFIX)) return; // aufs metadata, meaningless here
        String hidden = base.substring(WHITEOUT_PREFIX.length());
        if (hidden.isEmpty() || hidden.equals(".") || hidden.equals("..")) {
            throw new BerthException.InvalidArgument("invalid whiteout entry " + base + " in " + dirName);
        }
        Path target = dir.resolve(hidden);
        if (ScopedPath.exists(target)) FileTrees.deleteRecursively(target);
        if (whiteouts == Whiteouts.OVERLAY) {
            Files.createDirectories(dir);
            SpecialFiles.whiteout(target);
        }
    }

    /** Opaque directory on a full copy: drop what the parent layers had, keep this layer's entries. */
    private void clearLowerEntries(Path dir, String dirName) throws IOException {
        try (DirectoryStream<Path> children = Files.newDirectoryStream(dir)) {
            for (Path child : children) {
                String rel = dirName.isEmpty() ? child.getFileName().toString() : dirName + "/" + child.getFileName();
                if (!createdHere.contains(rel)) FileTrees.deleteRecursively(child);
            }
        }
    }

    /** Counts and hashes every byte the tar reader pulls. */
    private static final class HashingStream extends FilterInputStream {
        final MessageDigest sha = Digest.newSha256();
        long count;

        HashingStream(InputStream in) { super(in); }

        @Override public int read() throws IOException {
            int b = super.read();
            if (b >= 0) {
                sha.update((byte) b);
                count++;
            }
            return b;
        }

        @Override public int read(byte[] b, int off, int len) throws IOException {
            int n = super.read(b, off, len);
            if (n > 0) {
                sha.update(b, off, n);
                count += n;
            }
            return n;
        }

        @Override public long skip(long n) throws IOException {
            // skipping would leave bytes out of the hash: read them instead
            long skipped = 0;
            byte[] buf = new byte[8192];
            while (skipped < n) {
                int r = read(buf, 0, (int) Math.min(buf.length, n - skipped));
                if (r < 0) break;
                skipped += r;
            }
            return skipped;
        }

        @Override public boolean markSupported() { return false; }
    }
}
