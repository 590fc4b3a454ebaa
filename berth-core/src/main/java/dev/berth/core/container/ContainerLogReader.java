package dev.berth.core.container;

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

    /** Entries and the offset to continue from. */
    record Batch(List<Entry> entries, long nextOffset) {}

    /**
     * One chunk of output. {@code partial}: the process wrote no newline yet; the next entry of the
     * same stream continues the line.
     */
    record Entry(Instant time, StdioSession.Stream stream, byte[] data, boolean partial) {}
}
