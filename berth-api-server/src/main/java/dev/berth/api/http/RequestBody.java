package dev.berth.api.http;

import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import java.io.IOException;
import java.io.InputStream;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A request body as a blocking {@link InputStream}, fed by the Netty event loop and read by the
 * handler's virtual thread. Never aggregates: when more than {@link #HIGH_WATER} bytes wait unread,
 * the channel stops reading from the socket until the handler catches up (TCP backpressure), so a
 * multi-gigabyte {@code docker load} holds at most a few megabytes in memory.
 */
final class RequestBody extends InputStream {
    private static final long HIGH_WATER = 4 << 20;
    private static final long LOW_WATER = 1 << 20;
    private static final ByteBuf END = io.netty.buffer.Unpooled.EMPTY_BUFFER;

    private final Channel channel;
    private final LinkedBlockingQueue<Object> chunks = new LinkedBlockingQueue<>();
    private final AtomicLong buffered = new AtomicLong();
    private ByteBuf current;
    private boolean ended;
    private volatile boolean complete;

    RequestBody(Channel channel) {
        this.channel = channel;
    }

    /** Event loop: a chunk arrived (ownership passes to this body). */
    void offer(ByteBuf chunk) {
        if (!chunk.isReadable()) {
            chunk.release();
            return;
        }
        if (buffered.addAndGet(chunk.readableBytes()) > HIGH_WATER) channel.config().setAutoRead(false);
        chunks.add(chunk);
    }

    /** Event loop: the last chunk arrived. */
    void finish() {
        complete = true;
        chunks.add(END);
    }

    /** Event loop: the connection died before the body ended. */
    void abort() {
        if (!complete) chunks.add(new IOException("client disconnected before the request body ended"));
    }

    /** True once the whole body has arrived from the client (read or not). */
    boolean complete() { return complete; }

    @Override
    public int read() throws IOException {
        byte[] one = new byte[1];
        int n = read(one, 0, 1);
        return n < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        if (len == 0) return 0;
        if (!advance()) return -1;
        int n = Math.min(len, current.readableBytes());
        current.readBytes(b, off, n);
        release(n);
        return n;
    }

    @Override
    public int available() {
        return current == null ? 0 : current.readableBytes();
    }

    /** Makes {@link #current} a readable chunk; false at the end of the body. */
    private boolean advance() throws IOException {
        while (current == null || !current.isReadable()) {
            if (ended) return false;
            if (current != null) {
                current.release();
                current = null;
            }
            Object next;
            try {
                next = chunks.take();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException("interrupted while reading the request body", e);
            }
            if (next == END) {
                ended = true;
                return false;
            }
            if (next instanceof IOException e) {
                ended = true;
                throw e;
            }
            current = (ByteBuf) next;
        }
        return true;
    }

    private void release(int consumed) {
        if (buffered.addAndGet(-consumed) < LOW_WATER && !channel.config().isAutoRead()) {
            channel.config().setAutoRead(true);
            channel.read();
        }
    }

    /** Frees whatever is still queued; called once the exchange is over. */
    void discard() {
        ended = true;
        if (current != null) {
            current.release();
            current = null;
        }
        Object o;
        while ((o = chunks.poll()) != null) {
            if (o instanceof ByteBuf buf && buf != END) buf.release();
        }
        if (!channel.config().isAutoRead()) channel.config().setAutoRead(true);
    }

    @Override
    public void close() {
        // the exchange owns the lifecycle; closing early must not free chunks the loop still adds
    }
}
