package dev.berth.core.container;

import java.io.InputStream;
import java.nio.file.Path;

/**
 * Reads and writes the files of a container's mounted root filesystem as tar archives, resolving
 * every container path as if {@code root} were {@code /} (chroot semantics): symlinks and
 * {@code ..} can never lead outside {@code root}. Paths follow dockerd's rules: the last element
 * of a path is not followed for stat and archive (a symlink is copied as a symlink), but is for
 * extract; a trailing {@code /.} means "the directory's contents".
 *
 * <p>Lifecycle: {@code root} must stay mounted until a returned stream has been closed.
 * Threading: stateless, safe for concurrent use. Errors: a missing path → {@code NotFound} (the
 * caller words the message); extracting into a non-directory → {@code InvalidArgument}; a bad
 * tar → {@code InvalidArgument}; I/O failures → {@code Internal}. Failures while a stream is read
 * surface as an {@code IOException} from that stream.
 */
public interface RootfsArchiver {

    /** The path's metadata, or null when it (or a parent) does not exist. */
    PathStat stat(Path root, String path);

    /** A tar of the path, entries named as dockerd names them (the path's base name, {@code ./…} for {@code dir/.}). */
    InputStream archive(Path root, String path);

    /**
     * As {@link #archive(Path, String)}, with the entries named after {@code name} instead of the
     * path's last element: a mount point archived from its own source ({@code /} there) keeps the
     * name it has in the container.
     */
    InputStream archive(Path root, String path, String name);

    /** Unpacks {@code tar} into the directory {@code path} (symlinks followed in scope). */
    void extract(Path root, String path, InputStream tar, ExtractOptions options);

    /** A tar of the whole root filesystem, entries relative to it ({@code docker export}). */
    InputStream export(Path root);

    /**
     * @param noOverwriteDirNonDir refuse to replace a directory by a non-directory and vice versa
     * @param uid, gid             owner of every extracted file; null keeps the owners in the tar
     */
    record ExtractOptions(boolean noOverwriteDirNonDir, Integer uid, Integer gid) {
        public static final ExtractOptions DEFAULT = new ExtractOptions(false, null, null);
    }
}
