package dev.berth.daemon;

import dev.berth.common.error.BerthException;
import dev.berth.common.io.AtomicFiles;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The daemon's pidfile, as dockerd's: refuses to start over a pidfile whose process still runs,
 * replaces a stale one, and on close removes the file only if it still names this process.
 */
public final class PidFile implements AutoCloseable {
    private final Path path;
    private final long pid;

    private PidFile(Path path, long pid) {
        this.path = path;
        this.pid = pid;
    }

    public static PidFile create(Path path) {
        long self = ProcessHandle.current().pid();
        Long existing = readPid(path);
        if (existing != null && existing != self && ProcessHandle.of(existing).map(ProcessHandle::isAlive).orElse(false)) {
            throw new BerthException.Conflict("pid file found, ensure berthd is not running or delete " + path
                + " (process " + existing + " is alive)");
        }
        AtomicFiles.write(path, (self + "\n").getBytes(StandardCharsets.US_ASCII));
        return new PidFile(path, self);
    }

    static Long readPid(Path path) {
        try {
            return Long.parseLong(Files.readString(path, StandardCharsets.US_ASCII).strip());
        } catch (IOException | NumberFormatException e) {
            return null;
        }
    }

    public Path path() { return path; }

    @Override
    public void close() {
        Long owner = readPid(path);
        if (owner != null && owner == pid) {
            try {
                Files.deleteIfExists(path);
            } catch (IOException ignored) {
                // a leftover pidfile names a dead process and is replaced on the next start
            }
        }
    }
}
