package dev.berth.core.container;

import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.Deque;

/**
 * The default {@link StdioSessions}: output is read from the container's log file, starting at its
 * end when the session opens; no stdin, no resize. Enough for {@code docker run} without
 * {@code -i}: the CLI attaches before it starts the container. A conmon attach-socket strategy
 * replaces this for interactive sessions.
 */
public final class LogFollowingSessions implements StdioSessions {
    private final ContainerLogReader reader;

    public LogFollowingSessions(ContainerLogReader reader) {
        this.reader = reader;
    }

    @Override
    public StdioSession open(Container container, ContainerService.AttachOptions options, ProcessLifecycle lifecycle) {
        long start;
        try {
            start = Files.exists(container.logPath()) ? Files.size(container.logPath()) : 0;
        } catch (java.io.IOException e) {
            start = 0;
        }
        return new Session(container.logPath(), start, options, lifecycle);
    }

    private final class Session implements StdioSession {
        private final Path log;
        private final ContainerService.AttachOptions options;
        private final ProcessLifecycle lifecycle;
        private final Deque<Chunk> pending = new ArrayDeque<>();
        private long offset;
        private volatile boolean closed;

        Session(Path log, long offset, ContainerService.AttachOptions options, ProcessLifecycle lifecycle) {
            this.log = log;
            this.offset = offset;
            this.options = options;
            this.lifecycle = lifecycle;
        }

        @Override
        public Chunk read() throws InterruptedException {
            while (!closed) {
                if (!pending.isEmpty()) return pending.poll();
                boolean ended = lifecycle.ended();
                var batch = reader.read(log, offset);
                offset = batch.nextOffset();
                for (var e : batch.entries()) {
                    boolean wanted = e.stream() == Stream.STDERR ? options.stderr() : options.stdout();
                    if (wanted) pending.add(new Chunk(e.stream(), ContainerLogs.withNewline(e)));
                }
                if (pending.isEmpty()) {
                    if (ended) return null;
                    Thread.sleep(ContainerLogs.POLL.toMillis() / 2);
                }
            }
            return null;
        }

        @Override public OutputStream stdin() { return null; }

        @Override public void resize(int width, int height) { }

        @Override public void close() { closed = true; }
    }
}
