package dev.berth.core.container;

import dev.berth.core.container.ContainerService.LogOptions;
import dev.berth.core.container.ContainerService.LogSink;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BooleanSupplier;

/**
 * {@code docker logs}: selects entries of the container's log file by stream, time and tail, and
 * with {@code follow} keeps polling the file until the container has stopped and the file is drained.
 */
final class ContainerLogs {
    static final Duration POLL = Duration.ofMillis(100);

    private final ContainerLogReader reader;

    ContainerLogs(ContainerLogReader reader) {
        this.reader = reader;
    }

    /**
     * @param stillRunning true while more output may come (checked before each poll)
     */
    void write(Path log, LogOptions o, LogSink sink, BooleanSupplier stillRunning) throws IOException {
        // the reader hands out the file in batches: read them all (a log can be far larger than one)
        long offset = o.tail() >= 0 ? emitTail(log, o, sink) : emitAll(log, 0, o, sink);
        if (!o.follow()) return;
        while (true) {
            boolean last = !stillRunning.getAsBoolean();
            offset = emitAll(log, offset, o, sink);
            if (last || (o.until() != null && Instant.now().isAfter(o.until()))) return;
            try {
                Thread.sleep(POLL);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    /**
     * Emits every selected entry from {@code offset} to the current end; returns the new offset.
     * Lines go from the reader's buffer to the sink without entry objects, and their time is
     * parsed only when a filter or {@code --timestamps} needs it.
     */
    private long emitAll(Path log, long offset, LogOptions o, LogSink sink) throws IOException {
        boolean needsTime = o.timestamps() || o.since() != null || o.until() != null;
        long next = reader.scan(log, offset, line -> {
            boolean stream = line.stream() == StdioSession.Stream.STDERR ? o.stderr() : o.stdout();
            if (!stream) return;
            Instant time = needsTime ? line.time() : null;
            if (o.since() != null && time.isBefore(o.since())) return;
            if (o.until() != null && time.isAfter(o.until())) return;
            sink.write(line.stream(), o.timestamps() ? time : null, line.buffer(), line.textStart(),
                line.textEnd() - line.textStart(), !line.partial());
        });
        if (next != offset) sink.flush();
        return next;
    }

    /** {@code --tail N}: keeps only the last N selected entries while reading, then emits them. */
    private long emitTail(Path log, LogOptions o, LogSink sink) throws IOException {
        java.util.ArrayDeque<ContainerLogReader.Entry> last = new java.util.ArrayDeque<>();
        long offset = 0;
        while (true) {
            var batch = reader.read(log, offset);
            if (batch.nextOffset() == offset) break;
            for (var e : batch.entries()) {
                if (!selected(e, o)) continue;
                last.addLast(e);
                if (last.size() > o.tail()) last.removeFirst();
            }
            offset = batch.nextOffset();
        }
        emit(new ArrayList<>(last), o, sink);
        return offset;
    }

    private static boolean selected(ContainerLogReader.Entry e, LogOptions o) {
        boolean stream = e.stream() == StdioSession.Stream.STDERR ? o.stderr() : o.stdout();
        if (!stream) return false;
        if (o.since() != null && e.time().isBefore(o.since())) return false;
        return o.until() == null || !e.time().isAfter(o.until());
    }

    private static void emit(List<ContainerLogReader.Entry> entries, LogOptions o, LogSink sink) throws IOException {
        if (entries.isEmpty()) return;
        for (var e : entries) sink.write(e.stream(), o.timestamps() ? e.time() : null, withNewline(e));
        sink.flush();
    }

    /** Complete lines get their newline back; partial chunks are passed as written. */
    static byte[] withNewline(ContainerLogReader.Entry e) {
        if (e.partial()) return e.data();
        byte[] out = java.util.Arrays.copyOf(e.data(), e.data().length + 1);
        out[e.data().length] = '\n';
        return out;
    }
}
