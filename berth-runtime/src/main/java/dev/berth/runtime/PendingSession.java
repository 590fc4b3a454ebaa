package dev.berth.runtime;

import dev.berth.core.container.StdioSession;
import dev.berth.core.container.StdioSessions;
import java.io.IOException;
import java.io.OutputStream;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;

/**
 * A session opened before its process exists. Reads and stdin writes wait until
 * {@link #connect} hands over the real conmon session; a session that is closed first, or whose
 * container ends without ever being created, simply ends.
 */
final class PendingSession implements StdioSession {
    private static final long POLL_MILLIS = 200;

    private final CompletableFuture<StdioSession> live = new CompletableFuture<>();
    private final boolean tty;
    private final boolean stdin;
    private final StdioSessions.ProcessLifecycle lifecycle;
    private final Consumer<PendingSession> onClose;
    private volatile boolean closed;
    private volatile int width;
    private volatile int height;

    PendingSession(boolean tty, boolean stdin, StdioSessions.ProcessLifecycle lifecycle, Consumer<PendingSession> onClose) {
        this.tty = tty;
        this.stdin = stdin;
        this.lifecycle = lifecycle;
        this.onClose = onClose;
    }

    boolean wantsStdin() { return stdin; }

    void connect(StdioSession session) {
        if (width > 0 && height > 0) session.resize(width, height);
        live.complete(session);
        if (closed) session.close();
    }

    void fail() {
        live.complete(null);
    }

    @Override
    public Chunk read() throws InterruptedException {
        StdioSession s = awaitLive();
        return s == null ? null : s.read();
    }

    /** The real session, or null when this one ended before the process was created. */
    private StdioSession awaitLive() throws InterruptedException {
        while (true) {
            try {
                return live.get(POLL_MILLIS, TimeUnit.MILLISECONDS);
            } catch (TimeoutException notYet) {
                if (closed || lifecycle.ended()) return null;
            } catch (ExecutionException e) {
                return null;
            }
        }
    }

    @Override
    public OutputStream stdin() {
        if (!stdin) return null;
        return new OutputStream() {
            @Override public void write(int b) throws IOException {
                write(new byte[] {(byte) b}, 0, 1);
            }

            @Override public void write(byte[] b, int off, int len) throws IOException {
                target().write(b, off, len);
            }

            @Override public void flush() throws IOException {
                target().flush();
            }

            @Override public void close() throws IOException {
                target().close();
            }

            private OutputStream target() throws IOException {
                try {
                    StdioSession s = awaitLive();
                    if (s == null || s.stdin() == null) throw new IOException("the container's stdin is not open");
                    return s.stdin();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IOException("interrupted waiting for the container to start", e);
                }
            }
        };
    }

    @Override
    public void resize(int w, int h) {
        if (!tty) return;
        this.width = w;
        this.height = h;
        StdioSession s = live.getNow(null);
        if (s != null) s.resize(w, h);
    }

    @Override
    public void close() {
        closed = true;
        onClose.accept(this);
        StdioSession s = live.getNow(null);
        if (s != null) s.close();
    }
}
