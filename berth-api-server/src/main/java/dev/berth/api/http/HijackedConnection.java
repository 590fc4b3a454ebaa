package dev.berth.api.http;

import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.socket.DuplexChannel;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.concurrent.TimeUnit;

/**
 * The raw connection of a hijacked request ({@code attach}, {@code exec start}): after the status
 * line the HTTP codec is gone and bytes flow both ways unframed, as dockerd's
 * {@code http.Hijacker} does. Obtained from {@link HttpResponder#hijack}.
 *
 * <h2>Threading</h2>
 * One thread reads {@link #in()}, another writes {@link #out()}; {@link #closeWrite} and
 * {@link #close} may be called from either. The exchange closes the connection when the route
 * handler returns, so a handler that hands the streams to other threads must wait for them.
 */
public final class HijackedConnection implements AutoCloseable {
    /** A client that stops reading must not hold a closing session forever. */
    private static final long DRAIN_SECONDS = 30;

    private final Channel channel;
    private final RequestBody in;
    private final HttpResponder responder;
    private final boolean upgraded;
    private final OutputStream out = new RawOutput();
    private final Object writeLock = new Object();
    private ChannelFuture lastWrite;
    private boolean outputClosed;

    HijackedConnection(Channel channel, RequestBody in, HttpResponder responder, boolean upgraded) {
        this.channel = channel;
        this.in = in;
        this.responder = responder;
        this.upgraded = upgraded;
    }

    /**
     * Bytes from the client, including any it sent right behind the request headers. Reading pauses
     * the socket when more than a few MiB wait unread. End of stream when the client half-closes;
     * an IOException when the connection is gone.
     */
    public InputStream in() { return in; }

    /** To the client; every write is flushed and waits while the client is slow to read. */
    public OutputStream out() { return out; }

    /** True when the client asked for the upgrade (101), false when it got a plain 200. */
    public boolean upgraded() { return upgraded; }

    /**
     * Half-close: once everything written has left, shuts down our sending side so the client
     * sees end of stream (how {@code docker run} learns the output is complete) while it may still
     * send. Transports without half-close are closed outright.
     */
    public void closeWrite() {
        synchronized (writeLock) {
            if (outputClosed) return;
            outputClosed = true;
            awaitLastWrite();
        }
        if (channel instanceof DuplexChannel duplex && channel.isActive()) {
            duplex.shutdownOutput().awaitUninterruptibly(DRAIN_SECONDS, TimeUnit.SECONDS);
        } else {
            channel.close().awaitUninterruptibly(DRAIN_SECONDS, TimeUnit.SECONDS);
        }
    }

    /** Blocks until the connection is closed, by either side. */
    public void awaitClosed() throws InterruptedException {
        channel.closeFuture().await();
    }

    /** Closes the connection after what was written has left; a blocked {@link #in()} reader fails. */
    @Override
    public void close() {
        synchronized (writeLock) {
            outputClosed = true;
            awaitLastWrite();
        }
        channel.close().awaitUninterruptibly(DRAIN_SECONDS, TimeUnit.SECONDS);
    }

    /** Netty fails writes still queued when the output is shut down or closed: let them go out first. */
    private void awaitLastWrite() {
        if (lastWrite != null) lastWrite.awaitUninterruptibly(DRAIN_SECONDS, TimeUnit.SECONDS);
    }

    private final class RawOutput extends OutputStream {
        @Override public void write(int b) throws IOException {
            write(new byte[] {(byte) b}, 0, 1);
        }

        @Override public void write(byte[] b, int off, int len) throws IOException {
            if (len == 0) return;
            synchronized (writeLock) {
                if (outputClosed) throw new IOException("hijacked connection closed for writing");
                if (!channel.isActive()) throw new IOException("client disconnected");
                lastWrite = channel.writeAndFlush(Unpooled.copiedBuffer(b, off, len));
            }
            responder.awaitWritable();
        }
    }
}
