package dev.berth.api.streams;

import dev.berth.core.container.StdioSession;
import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.LinkedBlockingQueue;

/** An in-memory process: the test emits its output and exit, and inspects what reached its stdin. */
final class FakeStdioSession implements StdioSession {
    private static final Chunk END = new Chunk(Stream.STDOUT, new byte[0]);
    private final LinkedBlockingQueue<Chunk> output = new LinkedBlockingQueue<>();
    private final ByteArrayOutputStream received = new ByteArrayOutputStream();
    private volatile boolean stdinClosed;
    private volatile boolean sessionClosed;
    private volatile boolean exited;
    private boolean ended;

    private final OutputStream stdin = new OutputStream() {
        @Override public void write(int b) {
            write(new byte[] {(byte) b}, 0, 1);
        }

        @Override public void write(byte[] b, int off, int len) {
            synchronized (received) {
                received.write(b, off, len);
                received.notifyAll();
            }
        }

        @Override public void close() {
            stdinClosed = true;
        }
    };

    void emit(Stream stream, String text) {
        output.add(new Chunk(stream, text.getBytes(StandardCharsets.UTF_8)));
    }

    void exit() {
        exited = true;
        output.add(END);
    }

    String stdinText() {
        synchronized (received) {
            return received.toString(StandardCharsets.UTF_8);
        }
    }

    /** Waits until stdin has received {@code text}; returns everything received. */
    String awaitStdin(String text) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
        synchronized (received) {
            while (!received.toString(StandardCharsets.UTF_8).contains(text) && System.nanoTime() < deadline) received.wait(100);
            return received.toString(StandardCharsets.UTF_8);
        }
    }

    boolean stdinClosed() { return stdinClosed; }

    boolean sessionClosed() { return sessionClosed; }

    boolean exited() { return exited; }

    @Override
    public Chunk read() throws InterruptedException {
        if (ended) return null;
        Chunk c = output.take();
        if (c == END) {
            ended = true;
            return null;
        }
        return c;
    }

    @Override public OutputStream stdin() { return stdin; }

    @Override public void resize(int width, int height) {}

    @Override
    public void close() {
        sessionClosed = true;
        output.add(END); // detach: read() ends, the "process" does not
    }
}
