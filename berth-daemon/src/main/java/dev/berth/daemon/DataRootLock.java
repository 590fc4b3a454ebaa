package dev.berth.daemon;

import dev.berth.common.error.BerthException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * An exclusive lock on {@code <data-root>/berthd.lock} held for the daemon's lifetime, so two
 * daemons never share a data root. The kernel drops the lock when the process dies, so a crash
 * leaves no stale lock behind. The file holds the owner's pid, for the error message only.
 */
public final class DataRootLock implements AutoCloseable {
    public static final String FILE_NAME = "berthd.lock";

    private final Path file;
    private final FileChannel channel;
    private final FileLock lock;

    private DataRootLock(Path file, FileChannel channel, FileLock lock) {
        this.file = file;
        this.channel = channel;
        this.lock = lock;
    }

    /** Takes the lock or throws {@link BerthException.Conflict} naming the daemon that holds it. */
    public static DataRootLock acquire(Path dataRoot) {
        Path file = dataRoot.resolve(FILE_NAME);
        FileChannel channel = null;
        try {
            Files.createDirectories(dataRoot);
            channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.READ, StandardOpenOption.WRITE);
            FileLock lock;
            try {
                lock = channel.tryLock();
            } catch (OverlappingFileLockException e) {
                lock = null; // held by this very JVM
            }
            if (lock == null) {
                String owner = readOwner(channel);
                channel.close();
                throw new BerthException.Conflict("data root " + dataRoot + " is in use by another berthd"
                    + (owner.isEmpty() ? "" : " (pid " + owner + ")") + ": cannot lock " + file);
            }
            channel.truncate(0);
            channel.write(ByteBuffer.wrap((ProcessHandle.current().pid() + "\n").getBytes(StandardCharsets.US_ASCII)), 0);
            channel.force(false);
            return new DataRootLock(file, channel, lock);
        } catch (IOException e) {
            closeQuietly(channel);
            throw new BerthException.Internal("cannot lock data root " + dataRoot + ": " + e.getMessage(), e);
        }
    }

    private static String readOwner(FileChannel channel) throws IOException {
        ByteBuffer buf = ByteBuffer.allocate(32);
        channel.read(buf, 0);
        return new String(buf.array(), 0, buf.position(), StandardCharsets.US_ASCII).strip();
    }

    public Path file() { return file; }

    @Override
    public void close() {
        try {
            if (lock.isValid()) lock.release();
        } catch (IOException ignored) {
            // closing the channel releases the lock anyway
        }
        closeQuietly(channel);
    }

    private static void closeQuietly(FileChannel channel) {
        if (channel == null) return;
        try {
            channel.close();
        } catch (IOException ignored) {
            // nothing left to do on a failing close
        }
    }
}
