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
        var batch = reader.read(log, 0);
        List<ContainerLogReader.Entry> entries = new ArrayList<>();
        for (var e : batch.entries()) if (selected(e, o)) entries.add(e);
        if (o.tail() >= 0 && entries.size() > o.tail()) entries = entries.subList(entries.size() - o.tail(), entries.size());
        emit(entries, o, sink);
        long offset = batch.nextOffset();
        if (!o.follow()) return;
        while (true) {
            boolean last = !stillRunning.getAsBoolean();
            var next = reader.read(log, offset);
            offset = next.nextOffset();
            List<ContainerLogReader.Entry> fresh = next.entries().stream().filter(e -> selected(e, o)).toList();
            emit(fresh, o, sink);
            if (last || (o.until() != null && Instant.now().isAfter(o.until()))) return;
            try {
                Thread.sleep(POLL);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
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
