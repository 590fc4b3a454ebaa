package dev.berth.image.build;

import dev.berth.common.error.BerthException;
import dev.berth.storage.Compression;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFileAttributes;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.stream.Stream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.apache.commons.compress.archivers.tar.TarConstants;

/**
 * Writes what a COPY/ADD puts into the image as one tar with paths relative to {@code /}, ready
 * to be unpacked into the build container's root (or to be the layer of a scratch image).
 * dockerd's copy rules: a directory source copies its contents; a file goes to {@code dest/name}
 * when the destination ends with {@code /} or is an existing directory, else to {@code dest};
 * ADD unpacks local tar archives into the destination directory. Missing parent directories are
 * created as root 0755; existing ones are not in the tar, so their owner and mode are kept.
 * Copied files belong to root unless {@code --chown} names an owner.
 */
final class CopyTarWriter {
    /** What the image holds at a path: null when nothing, TRUE for a directory (or a link to one), FALSE otherwise. */
    interface ImagePaths extends Function<String, Boolean> {}

    private final ImagePaths existing;
    private final Integer uid;
    private final Integer gid;

    /** @param uid, gid the --chown owner; null: files belong to root, unpacked archives keep their owners */
    CopyTarWriter(ImagePaths existing, Integer uid, Integer gid) {
        this.existing = existing;
        this.uid = uid;
        this.gid = gid;
    }

    /**
     * @param dest      the absolute destination as written (a trailing {@code /} means a directory)
     * @param unpackTar ADD: local archives are unpacked instead of copied
     */
    void write(List<Path> sources, String dest, boolean unpackTar, String instruction, OutputStream out) throws IOException {
        boolean trailingSlash = dest.endsWith("/") || dest.endsWith("/.");
        String destPath = normalize(dest);
        Boolean destState = existing.apply(destPath);
        boolean destIsDir = trailingSlash || Boolean.TRUE.equals(destState);
        if (sources.size() > 1 && !destIsDir) {
            throw new BerthException.InvalidArgument("When using " + instruction
                + " with more than one source file, the destination must be a directory and end with a /");
        }
        TreeSet<String> dirsToCreate = new TreeSet<>();
        TarArchiveOutputStream tar = new TarArchiveOutputStream(out);
        tar.setLongFileMode(TarArchiveOutputStream.LONGFILE_POSIX);
        tar.setBigNumberMode(TarArchiveOutputStream.BIGNUMBER_POSIX);
        List<IoAction> entries = new ArrayList<>();
        for (Path src : sources) {
            if (Files.isDirectory(src)) {
                missingDirs(destPath, true, dirsToCreate);
                entries.add(() -> copyTree(src, destPath, tar));
            } else if (unpackTar && isArchive(src)) {
                missingDirs(destPath, true, dirsToCreate);
                entries.add(() -> unpack(src, destPath, tar));
            } else {
                String target = destIsDir ? join(destPath, src.getFileName().toString()) : destPath;
                missingDirs(parent(target), true, dirsToCreate);
                entries.add(() -> addPath(src, target, tar));
            }
        }
        writeDirs(dirsToCreate, tar);
        for (IoAction a : entries) a.run();
        tar.finish();
    }

    private interface IoAction { void run() throws IOException; }

    /** WORKDIR: the directory and its missing parents (nothing when it exists). */
    void writeDirectory(String dir, OutputStream out) throws IOException {
        TreeSet<String> dirs = new TreeSet<>();
        missingDirs(normalize(dir), true, dirs);
        TarArchiveOutputStream tar = new TarArchiveOutputStream(out);
        tar.setLongFileMode(TarArchiveOutputStream.LONGFILE_POSIX);
        writeDirs(dirs, tar);
        tar.finish();
    }

    private static void writeDirs(TreeSet<String> dirs, TarArchiveOutputStream tar) throws IOException {
        for (String d : dirs) {
            TarArchiveEntry e = new TarArchiveEntry(relative(d) + "/");
            e.setMode(040755);
            e.setIds(0, 0);
            tar.putArchiveEntry(e);
            tar.closeArchiveEntry();
        }
    }

    /** Adds {@code dir} and each of its missing ancestors (not {@code /}) to {@code out}. */
    private void missingDirs(String dir, boolean includeSelf, TreeSet<String> out) {
        String cur = includeSelf ? dir : parent(dir);
        while (!cur.equals("/") && !out.contains(cur) && existing.apply(cur) == null) {
            out.add(cur);
            cur = parent(cur);
        }
    }

    private void copyTree(Path srcDir, String dest, TarArchiveOutputStream tar) throws IOException {
        try (Stream<Path> walk = Files.walk(srcDir)) {
            for (Path p : walk.sorted().toList()) {
                if (p.equals(srcDir)) continue;
                addPath(p, join(dest, srcDir.relativize(p).toString()), tar);
            }
        }
    }

    private void addPath(Path p, String target, TarArchiveOutputStream tar) throws IOException {
        PosixFileAttributes a = Files.readAttributes(p, PosixFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
        int perms = (Integer) Files.getAttribute(p, "unix:mode", LinkOption.NOFOLLOW_LINKS) & 07777;
        TarArchiveEntry e;
        if (a.isSymbolicLink()) {
            e = new TarArchiveEntry(relative(target), TarConstants.LF_SYMLINK);
            e.setLinkName(Files.readSymbolicLink(p).toString());
        } else if (a.isDirectory()) {
            e = new TarArchiveEntry(relative(target) + "/");
            e.setMode(040000 | perms);
        } else {
            e = new TarArchiveEntry(relative(target));
            e.setMode(0100000 | perms);
            e.setSize(a.size());
        }
        e.setIds(uid == null ? 0 : uid, gid == null ? 0 : gid);
        e.setModTime(a.lastModifiedTime().toMillis());
        tar.putArchiveEntry(e);
        if (a.isRegularFile()) Files.copy(p, tar);
        tar.closeArchiveEntry();
    }

    /** ADD of a local archive: its entries below {@code dest}, owners kept unless --chown. */
    private void unpack(Path archive, String dest, TarArchiveOutputStream tar) throws IOException {
        try (InputStream in = Compression.autoDecompress(Files.newInputStream(archive));
             TarArchiveInputStream src = new TarArchiveInputStream(in)) {
            TarArchiveEntry e;
            while ((e = src.getNextEntry()) != null) {
                String name = normalize("/" + e.getName());
                if (name.equals("/")) continue;
                String target = join(dest, name.substring(1));
                TarArchiveEntry out = new TarArchiveEntry(relative(target) + (e.isDirectory() ? "/" : ""), e.getLinkFlag());
                out.setMode(e.getMode());
                out.setModTime(e.getModTime());
                out.setSize(e.isFile() ? e.getSize() : 0);
                out.setIds(uid != null ? uid : (int) e.getLongUserId(), gid != null ? gid : (int) e.getLongGroupId());
                if (e.isSymbolicLink()) out.setLinkName(e.getLinkName());
                if (e.isLink()) out.setLinkName(relative(join(dest, normalize("/" + e.getLinkName()).substring(1))));
                tar.putArchiveEntry(out);
                if (e.isFile()) src.transferTo(tar);
                tar.closeArchiveEntry();
            }
        }
    }

    /** True for a tar, possibly compressed: what ADD unpacks. */
    static boolean isArchive(Path file) {
        try (InputStream raw = new BufferedInputStream(Files.newInputStream(file))) {
            InputStream in = Compression.autoDecompress(raw);
            byte[] header = in.readNBytes(512);
            return header.length == 512 && TarArchiveInputStream.matches(header, header.length);
        } catch (IOException | RuntimeException e) {
            return false;
        }
    }

    static String normalize(String path) {
        String p = Path.of("/").resolve(path).normalize().toString();
        return p.isEmpty() ? "/" : p;
    }

    private static String parent(String path) {
        int i = path.lastIndexOf('/');
        return i <= 0 ? "/" : path.substring(0, i);
    }

    private static String join(String dir, String name) {
        return dir.equals("/") ? "/" + name : dir + "/" + name;
    }

    private static String relative(String abs) {
        return abs.substring(1);
    }
}
