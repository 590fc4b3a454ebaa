package dev.berth.core.container;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * A reader's place in a container's log while it may be rotated ({@link LogFiles}): files are told
 * apart by identity (inode), not name, because rotation renames them. The newest file is held open,
 * so what its writer adds before switching to a new file is still read after the rename, and so its
 * inode cannot be reused for a new file while we compare identities. Not thread-safe.
 */
final class LogCursor implements AutoCloseable {
    /** Rotations seen in one {@link #advance} before it gives up until the next call. */
    private static final int MAX_ROUNDS = 8;

    private final Path current;
    private final ContainerLogReader reader;
    private FileChannel held;
    private Object heldKey;
    private long offset;

    LogCursor(Path current, ContainerLogReader reader) {
        this.current = current;
        this.reader = reader;
    }

    /** Hands every complete line written since the last call to {@code visitor}, oldest first. */
    void advance(ContainerLogReader.LineVisitor visitor) throws IOException {
        for (int round = 0; round < MAX_ROUNDS; round++) {
            if (held != null) {
                offset = reader.scan(held, offset, visitor);
                Object newest = newestKey();
                // no newer file yet: the writer may still be writing to the held one, even under its rotated name
                if (newest == null || newest.equals(heldKey)) return;
                // the writer has switched files, so everything it wrote to the held one is there now
                offset = reader.scan(held, offset, visitor);
            }
            if (!readNewer(visitor)) return;
        }
    }

    /**
     * Reads the files newer than the held one (all of them at first), oldest first, and holds the
     * newest. When the held file is gone from the list (the writer replaced it, as conmon does when
     * it hits its own size limit), only the newest file is new. False when there is nothing newer.
     */
    private boolean readNewer(ContainerLogReader.LineVisitor visitor) throws IOException {
        List<Opened> files = new ArrayList<>();
        for (Path p : LogFiles.oldestFirst(current)) {
            Opened f = open(p);
            if (f != null) files.add(f);
        }
        int from = 0;
        if (held != null) {
            int at = -1;
            for (int i = 0; i < files.size(); i++) if (files.get(i).key().equals(heldKey)) at = i;
            from = at >= 0 ? at + 1 : files.size() - 1;
        }
        if (from < 0 || from >= files.size()) {
            for (Opened f : files) f.channel().close();
            return false;
        }
        closeHeld();
        for (int i = 0; i < files.size(); i++) {
            Opened f = files.get(i);
            if (i == files.size() - 1) {
                held = f.channel();
                heldKey = f.key();
                offset = 0;
                continue;
            }
            try (FileChannel ch = f.channel()) {
                if (i >= from) reader.scan(ch, 0, visitor);
            }
        }
        return true;
    }

    /** The identity of the file the writer appends to now: the current file, else (just rotated) the newest rotated one. */
    private Object newestKey() throws IOException {
        Object k = key(current);
        if (k != null) return k;
        List<Path> files = LogFiles.oldestFirst(current);
        return files.isEmpty() ? null : key(files.getLast());
    }

    private record Opened(FileChannel channel, Object key) {}

    /** Opens {@code p} and names the file opened: the name must point at the same file before and after the open. */
    private static Opened open(Path p) throws IOException {
        for (int attempt = 0; attempt < 3; attempt++) {
            Object before = key(p);
            if (before == null) return null;
            FileChannel ch;
            try {
                ch = FileChannel.open(p, StandardOpenOption.READ);
            } catch (NoSuchFileException e) {
                return null;
            }
            if (Objects.equals(before, key(p))) return new Opened(ch, before);
            ch.close(); // renamed in between: try again
        }
        return null;
    }

    private static Object key(Path p) throws IOException {
        try {
            return Files.readAttributes(p, BasicFileAttributes.class).fileKey();
        } catch (NoSuchFileException e) {
            return null;
        }
    }

    private void closeHeld() throws IOException {
        if (held != null) held.close();
        held = null;
        heldKey = null;
        offset = 0;
    }

    @Override
    public void close() throws IOException {
        closeHeld();
    }
}
