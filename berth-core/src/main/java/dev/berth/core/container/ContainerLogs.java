package dev.berth.core.container;

import dev.berth.core.container.ContainerService.LogOptions;
import dev.berth.core.container.ContainerService.LogSink;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.function.BooleanSupplier;

/**
 * {@code docker logs}: selects entries of the container's log by stream, time and tail, reading the
 * rotated files oldest first and then the current one (as dockerd's json-file reader does), and with
 * {@code follow} keeps polling, across rotations, until the container has stopped and the log is drained.
 */
final class ContainerLogs {
    static final Duration POLL = Duration.ofMillis(100);

    private final ContainerLogReader reader;

    ContainerLogs(ContainerLogReader reader) {
        this.reader = reader;
    }

    /**
     * @param log          the current log file; its rotated predecessors are found next to it
     * @param stillRunning true while more output may come (checked before each poll)
     */
    void write(Path log, LogOptions o, LogSink sink, BooleanSupplier stillRunning) throws IOException {
        write(log, o, sink, stillRunning, LogFollowers.detached());
    }

    /**
     * @param follower counts the passes over the log and is woken by an exit (see {@link LogFollowers})
     */
    void write(Path log, LogOptions o, LogSink sink, BooleanSupplier stillRunning, LogFollowers.Follower follower)
            throws IOException {
        try (LogCursor cursor = new LogCursor(log, reader)) {
            if (o.tail() >= 0) emitTail(cursor, o, sink);
            else emitNew(cursor, o, sink);
            if (!o.follow()) return;
            while (true) {
                boolean last = !stillRunning.getAsBoolean();
                follower.passStarts();
                emitNew(cursor, o, sink);
                follower.passDone();
                if (last || (o.until() != null && Instant.now().isAfter(o.until()))) return;
                try {
                    follower.sleep(POLL);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
        }
    }

    /**
     * Emits every selected line written since the cursor's last read. Lines go from the reader's
     * buffer to the sink without entry objects, and their time is parsed only when a filter or
     * {@code --timestamps} needs it.
     */
    private static void emitNew(LogCursor cursor, LogOptions o, LogSink sink) throws IOException {
        boolean needsTime = o.timestamps() || o.since() != null || o.until() != null;
        boolean[] any = {false};
        cursor.advance(line -> {
            if (!streamSelected(line.stream(), o)) return;
            Instant time = needsTime ? line.time() : null;
            if (!timeSelected(time, o)) return;
            sink.write(line.stream(), o.timestamps() ? time : null, line.buffer(), line.textStart(),
                line.textEnd() - line.textStart(), !line.partial());
            any[0] = true;
        });
        if (any[0]) sink.flush();
    }

    /** {@code --tail N}: keeps only the last N selected entries while reading every file, then emits them. */
    private static void emitTail(LogCursor cursor, LogOptions o, LogSink sink) throws IOException {
        if (o.tail() == 0) {
            cursor.advance(line -> { }); // nothing to show, but a follower starts at the end
            return;
        }
        boolean needsTime = o.timestamps() || o.since() != null || o.until() != null;
        ArrayDeque<ContainerLogReader.Entry> last = new ArrayDeque<>();
        cursor.advance(line -> {
            if (!streamSelected(line.stream(), o)) return;
            Instant time = needsTime ? line.time() : null;
            if (!timeSelected(time, o)) return;
            byte[] text = Arrays.copyOfRange(line.buffer(), line.textStart(), line.textEnd());
            last.addLast(new ContainerLogReader.Entry(time, line.stream(), text, line.partial()));
            if (last.size() > o.tail()) last.removeFirst();
        });
        if (last.isEmpty()) return;
        for (var e : last) sink.write(e.stream(), o.timestamps() ? e.time() : null, withNewline(e));
        sink.flush();
    }

    private static boolean streamSelected(StdioSession.Stream s, LogOptions o) {
        return s == StdioSession.Stream.STDERR ? o.stderr() : o.stdout();
    }

    private static boolean timeSelected(Instant time, LogOptions o) {
        if (o.since() != null && time.isBefore(o.since())) return false;
        return o.until() == null || !time.isAfter(o.until());
    }

    /** Complete lines get their newline back; partial chunks are passed as written. */
    static byte[] withNewline(ContainerLogReader.Entry e) {
        if (e.partial()) return e.data();
        byte[] out = Arrays.copyOf(e.data(), e.data().length + 1);
        out[e.data().length] = '\n';
        return out;
    }
}
