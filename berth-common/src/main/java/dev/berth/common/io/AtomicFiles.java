package dev.berth.common.io;

import dev.berth.common.error.BerthException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;

/**
 * Crash-safe writes: write a temp file beside the target, fsync it, rename it over the target,
 * fsync the directory. A crash at any point leaves either the old or the new content, never a mix.
 */
public final class AtomicFiles {
    private AtomicFiles() {}

    public static void write(Path target, byte[] content) {
        write(target, content, true);
    }

    /**
     * Atomic but not durable: readers see the old or the new content, never a mix, but a power
     * loss may lose the new content. For files written again from durable state before each use
     * (a container's config.json, hostname, hosts at every start), where two fsyncs per file
     * would only slow the start down.
     */
    public static void replace(Path target, byte[] content) {
        write(target, content, false);
    }

    private static void write(Path target, byte[] content, boolean durable) {
        Path dir = target.toAbsolutePath().getParent();
        try {
            Files.createDirectories(dir);
            Path tmp = Files.createTempFile(dir, "." + target.getFileName(), ".tmp");
            try {
                try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING)) {
                    ch.write(java.nio.ByteBuffer.wrap(content));
                    if (durable) ch.force(true);
                }
                moveAtomically(tmp, target);
            } finally {
                Files.deleteIfExists(tmp);
            }
            if (durable) syncDirectory(dir);
        } catch (IOException e) {
            throw new BerthException.Internal("cannot write " + target + ": " + e.getMessage(), e);
        }
    }

    /** Renames {@code source} onto {@code target} atomically and makes the rename durable. */
    public static void moveAtomically(Path source, Path target) throws IOException {
        try {
            Files.move(source, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            throw new IOException("atomic rename not supported from " + source + " to " + target, e);
        }
    }

    public static void syncDirectory(Path dir) {
        try (FileChannel ch = FileChannel.open(dir, StandardOpenOption.READ)) {
            ch.force(true);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
