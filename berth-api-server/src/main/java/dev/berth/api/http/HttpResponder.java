package dev.berth.api.http;

import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelFutureListener;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.DefaultHttpContent;
import io.netty.handler.codec.http.DefaultHttpHeaders;
import io.netty.handler.codec.http.DefaultHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.LastHttpContent;
import java.io.IOException;
import java.io.OutputStream;

/**
 * Writes one HTTP response from a handler's virtual thread. Either {@link #send} a complete body,
 * or {@link #startStream} and write chunks; {@link #finish} ends the response. Writes wait while
 * the channel is not writable, so a slow client slows the producer instead of filling memory.
 */
public final class HttpResponder {
    private final Channel channel;
    private final HttpHeaders commonHeaders;
    private final boolean headRequest;
    private boolean keepAlive;
    private boolean committed;
    private boolean streaming;
    private boolean finished;
    private final Object writability = new Object();
    private ChannelFuture lastWrite;

    HttpResponder(Channel channel, HttpHeaders commonHeaders, boolean keepAlive, boolean headRequest) {
        this.channel = channel;
        this.commonHeaders = commonHeaders;
        this.keepAlive = keepAlive;
        this.headRequest = headRequest;
    }

    public boolean committed() { return committed; }

    public boolean clientGone() { return !channel.isActive(); }

    /** Sends a complete response with a Content-Length. */
    public void send(HttpResponseStatus status, String contentType, byte[] body, HttpHeaders extra) {
        ensureNotCommitted();
        var response = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, status,
            headRequest ? Unpooled.EMPTY_BUFFER : Unpooled.wrappedBuffer(body));
        fillHeaders(response.headers(), extra);
        if (contentType != null) response.headers().set(HttpHeaderNames.CONTENT_TYPE, contentType);
        response.headers().setInt(HttpHeaderNames.CONTENT_LENGTH, body.length);
        committed = true;
        finished = true;
        complete(channel.writeAndFlush(response));
    }

    /** Sends headers now (chunked) and returns a stream for the body; flush() pushes data to the client. */
    public OutputStream startStream(HttpResponseStatus status, String contentType, HttpHeaders extra) {
        ensureNotCommitted();
        var response = new DefaultHttpResponse(HttpVersion.HTTP_1_1, status);
        fillHeaders(response.headers(), extra);
        if (contentType != null) response.headers().set(HttpHeaderNames.CONTENT_TYPE, contentType);
        response.headers().set(HttpHeaderNames.TRANSFER_ENCODING, HttpHeaderValues.CHUNKED);
        committed = true;
        streaming = true;
        channel.writeAndFlush(response);
        return new ChunkStream();
    }

    /** Ends the response (a no-op after {@link #send}). */
    public void finish() {
        if (finished) return;
        finished = true;
        if (!committed) {
            send(HttpResponseStatus.NO_CONTENT, null, new byte[0], null);
            return;
        }
        if (streaming) complete(channel.writeAndFlush(LastHttpContent.EMPTY_LAST_CONTENT));
    }

    /**
     * Hands the raw connection to {@link UpgradedStream}: this responder counts as finished and the
     * connection will not be reused for another request.
     */
    Channel hijack() {
        ensureNotCommitted();
        committed = true;
        finished = true;
        keepAlive = false;
        return channel;
    }

    /** Forces the connection closed after this response (e.g. the request body was not read). */
    void closeAfterResponse() {
        keepAlive = false;
        if (lastWrite != null) lastWrite.addListener(ChannelFutureListener.CLOSE);
    }

    void writabilityChanged() {
        synchronized (writability) {
            writability.notifyAll();
        }
    }

    private void complete(ChannelFuture f) {
        lastWrite = f;
        if (!keepAlive) f.addListener(ChannelFutureListener.CLOSE);
    }

    private void fillHeaders(HttpHeaders headers, HttpHeaders extra) {
        headers.add(commonHeaders);
        if (extra != null) headers.add(extra);
        headers.set(HttpHeaderNames.CONNECTION, keepAlive ? HttpHeaderValues.KEEP_ALIVE : HttpHeaderValues.CLOSE);
    }

    private void ensureNotCommitted() {
        if (committed) throw new IllegalStateException("response already committed");
    }

    static HttpHeaders headers() { return new DefaultHttpHeaders(); }

    /** Blocks while the channel is not writable (backpressure for hijacked streams too). */
    void awaitWritable() throws IOException {
        synchronized (writability) {
            while (channel.isActive() && !channel.isWritable()) {
                try {
                    writability.wait(1000);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IOException("interrupted while writing", e);
                }
            }
        }
        if (!channel.isActive()) throw new IOException("client disconnected");
    }

    /** Buffers small writes and sends them as HTTP chunks on flush or when the buffer fills. */
    private final class ChunkStream extends OutputStream {
        private static final int BUFFER = 64 * 1024;
        private byte[] buf = new byte[BUFFER];
        private int count;

        @Override public void write(int b) throws IOException {
            if (count == buf.length) drain();
            buf[count++] = (byte) b;
        }

        @Override public void write(byte[] b, int off, int len) throws IOException {
            if (len >= BUFFER) {
                drain();
                send(Unpooled.copiedBuffer(b, off, len));
                return;
            }
            if (count + len > buf.length) drain();
            System.arraycopy(b, off, buf, count, len);
            count += len;
        }

        @Override public void flush() throws IOException {
            drain();
        }

        @Override public void close() throws IOException {
            drain();
        }

        private void drain() throws IOException {
            if (count == 0) return;
            send(Unpooled.wrappedBuffer(buf, 0, count));
            buf = new byte[BUFFER];
            count = 0;
        }

        private void send(io.netty.buffer.ByteBuf data) throws IOException {
            if (!channel.isActive()) {
                data.release();
                throw new IOException("client disconnected");
            }
            channel.writeAndFlush(new DefaultHttpContent(data));
            awaitWritable();
        }

        private void awaitWritable() throws IOException {
            HttpResponder.this.awaitWritable();
        }
    }
}
