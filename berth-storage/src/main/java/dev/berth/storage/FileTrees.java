package dev.berth.storage;

import static java.nio.file.LinkOption.NOFOLLOW_LINKS;

import dev.berth.sys.FileAttributes;
import dev.berth.sys.SpecialFiles;
import dev.berth.sys.Xattrs;
import java.io.IOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** Recursive delete and metadata-preserving copy of layer trees (devices, owners, xattrs, hardlinks). */
final class FileTrees {
    private FileTrees() {}

    static final int S_IFMT = 0170000, S_IFDIR = 0040000, S_IFREG = 0100000, S_IFLNK = 0120000;

    /** Deletes {@code root} and everything below it without following symlinks; absent is fine. */
    static void deleteRecursively(Path root) throws IOException {
        if (!Files.exists(root, NOFOLLOW_LINKS)) return;
        Files.walkFileTree(root, new SimpleFileVisitor<>() {
            @Override public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                Files.deleteIfExists(file);
                return FileVisitResult.CONTINUE;
            }

            @Override public FileVisitResult visitFileFailed(Path file, IOException exc) throws IOException {
                if (exc instanceof NoSuchFileException) return FileVisitResult.CONTINUE;
                throw exc;
            }

            @Override public FileVisitResult postVisitDirectory(Path dir, IOException exc) throws IOException {
                if (exc != null && !(exc instanceof NoSuchFileException)) throw exc;
                Files.deleteIfExists(dir);
                return FileVisitResult.CONTINUE;
            }
        });
    }

    static int mode(Path p) throws IOException {
        return (Integer) Files.getAttribute(p, "unix:mode", NOFOLLOW_LINKS);
    }

    /**
     * Copies the tree {@code src} to {@code dst} (which must not exist) as {@code cp -a} would:
     * file types, owners, full modes, xattrs, times, and hardlinks between files of the tree.
     */
    static void copy(Path src, Path dst) throws IOException {
        Map<Object, Path> inodes = new HashMap<>();
        List<Path[]> dirs = new ArrayList<>();
        Files.walkFileTree(src, new SimpleFileVisitor<>() {
            @Override public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) throws IOException {
                Path target = dst.resolve(src.relativize(dir).toString());
                Files.createDirectory(target);
                dirs.add(new Path[] {dir, target});
                return FileVisitResult.CONTINUE;
            }

            @Override public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                Path target = dst.resolve(src.relativize(file).toString());
                copyNode(file, target, attrs, inodes);
                return FileVisitResult.CONTINUE;
            }
        });
        // directory metadata last: creating children changes a directory's mtime
        for (int i = dirs.size() - 1; i >= 0; i--) copyMetadata(dirs.get(i)[0], dirs.get(i)[1], false);
    }

    private static void copyNode(Path file, Path target, BasicFileAttributes attrs, Map<Object, Path> inodes) throws IOException {
        int mode = mode(file);
        int type = mode & S_IFMT;
        if (type != S_IFDIR && (Integer) Files.getAttribute(file, "unix:nlink", NOFOLLOW_LINKS) > 1) {
            Object key = attrs.fileKey();
            Path first = inodes.putIfAbsent(key, target);
            if (first != null) {
                Files.createLink(target, first);
                return;
            }
        }
        if (type == S_IFLNK) {
            Files.createSymbolicLink(target, Files.readSymbolicLink(file));
        } else if (type == S_IFREG) {
            Files.copy(file, target, StandardCopyOption.COPY_ATTRIBUTES, java.nio.file.LinkOption.NOFOLLOW_LINKS);
        } else {
            long rdev = (Long) Files.getAttribute(file, "unix:rdev", NOFOLLOW_LINKS);
            SpecialFiles.mknod(target, mode, rdev);
        }
        copyMetadata(file, target, type == S_IFLNK);
    }

    private static void copyMetadata(Path from, Path to, boolean symlink) throws IOException {
        int uid = (Integer) Files.getAttribute(from, "unix:uid", NOFOLLOW_LINKS);
        int gid = (Integer) Files.getAttribute(from, "unix:gid", NOFOLLOW_LINKS);
        FileAttributes.lchown(to, uid, gid);
        for (String name : Xattrs.list(from)) {
            var value = Xattrs.get(from, name);
            if (value.isPresent()) Xattrs.set(to, name, value.get());
        }
        if (!symlink) FileAttributes.chmod(to, mode(from));
        FileTime mtime = Files.getLastModifiedTime(from, NOFOLLOW_LINKS);
        Instant m = mtime.toInstant();
        FileAttributes.setTimesNoFollow(to, m, m);
    }
}
