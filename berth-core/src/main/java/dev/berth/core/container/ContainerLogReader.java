package dev.berth.core.container;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.NoSuchFileException;
import java.nio.file.StandardOpenOption;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;

/**
 * SPI: reads the log file the runtime's supervisor writes for a container (its format belongs to
 * the runtime adapter). Stateless and thread-safe; a missing file reads as empty.
 */
public interface ContainerLogReader {

    /**
     * The complete entries from byte {@code offset} on; an entry still being written (no newline
     * yet) is left for the next call.
     */
    Batch read(Path log, long offset);

    /**
     * Streams the complete lines from {@code offset} to what is there now through {@code visitor}
     * without building entries (a log of millions of short lines is read at disk speed); returns
     * the offset to continue from.
     */
    default long scan(Path log, long offset, LineVisitor visitor) throws IOException {
        try (FileChannel ch = FileChannel.open(log, StandardOpenOption.READ)) {
            return scan(ch, offset, visitor);
        } catch (NoSuchFileException e) {
            return offset;
        }
    }

    /**
     * As {@link #scan(Path, long, LineVisitor)} on a file the caller holds open: a reader following
     * a log keeps reading the file it had open after rotation renamed it. The channel stays open.
     */
    long scan(FileChannel log, long offset, LineVisitor visitor) throws IOException;

    interface LineVisitor {
        /** The line is only valid during the call (its buffer is reused). */
        void line(Line line) throws IOException;
    }

    /** One entry as {@link #scan} hands it out: the text is {@code buffer[textStart, textEnd)}. */
    interface Line {
        StdioSession.Stream stream();

        boolean partial();

        /** Parsed on demand: most readers of a log never ask. */
        Instant time();

        byte[] buffer();

        int textStart();

        int textEnd();
    }

    /** Entries and the offset to continue from. */
    record Batch(List<Entry> entries, long nextOffset) {}

    /**
     * One chunk of output. {@code partial}: the process wrote no newline yet; the next entry of the
     * same stream continues the line.
     */
    record Entry(Instant time, StdioSession.Stream stream, byte[] data, boolean partial) {}

    /** An entry seen as a {@link Line}. */
    record EntryLine(Entry entry) implements Line {
        @Override public StdioSession.Stream stream() { return entry.stream(); }
        @Override public boolean partial() { return entry.partial(); }
        @Override public Instant time() { return entry.time(); }
        @Override public byte[] buffer() { return entry.data(); }
        @Override public int textStart() { return 0; }
        @Override public int textEnd() { return entry.data().length; }
    }
}
