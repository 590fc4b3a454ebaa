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
import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * Writes one HTTP response from a handler's virtual thread. Either {@link #send} a complete body,
 * or {@link #startStream} and write chunks, or {@link #hijack} the connection; {@link #finish} ends
 * the response. Writes wait while the channel is not writable, so a slow client slows the producer
 * instead of filling memory.
 */
public final class HttpResponder {
    private final Channel channel;
    private final HttpHeaders commonHeaders;
    private final boolean headRequest;
    private final boolean upgradeRequested;
    private final Hijacker hijacker;
    private boolean keepAlive;
    private boolean committed;
    private boolean streaming;
    private boolean finished;
    private final Object writability = new Object();
    private ChannelFuture lastWrite;
    private HijackedConnection hijacked;

    /** Takes the channel away from HTTP; runs the pipeline surgery on the event loop. */
    interface Hijacker {
        /** Removes the HTTP codec and returns the stream of raw client bytes. */
        RequestBody switchToRaw();
    }

    HttpResponder(Channel channel, HttpHeaders commonHeaders, boolean keepAlive, boolean headRequest) {
        this(channel, commonHeaders, keepAlive, headRequest, false, null);
    }

    /**
     * @param upgradeRequested the request carried {@code Upgrade} (the decoder is already off the
     *                         pipeline, so this connection cannot serve another request)
     */
    HttpResponder(Channel channel, HttpHeaders commonHeaders, boolean keepAlive, boolean headRequest,
                  boolean upgradeRequested, Hijacker hijacker) {
        this.channel = channel;
        this.commonHeaders = commonHeaders;
        this.keepAlive = keepAlive && !upgradeRequested;
        this.headRequest = headRequest;
        this.upgradeRequested = upgradeRequested;
        this.hijacker = hijacker;
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

    /**
     * Takes over the connection as dockerd does for attach and exec: with {@code Connection: Upgrade}
     * and {@code Upgrade: tcp} the client gets {@code 101 UPGRADED}, otherwise {@code 200 OK} with
     * the raw-stream type (dockerd's answer to old clients); either way the HTTP codec leaves the
     * pipeline and the connection carries raw bytes until it is closed. The status line goes out
     * at once, so the client can start sending stdin.
     *
     * @param contentType {@code application/vnd.docker.raw-stream} or {@code …multiplexed-stream}
     */
    public HijackedConnection hijack(String contentType) {
        ensureNotCommitted();
        if (hijacker == null) throw new IllegalStateException("this exchange cannot be hijacked");
        committed = true;
        finished = true;
        RequestBody raw = hijacker.switchToRaw();
        StringBuilder head = new StringBuilder(upgradeRequested
            ? "HTTP/1.1 101 UPGRADED\r\nContent-Type: " + contentType + "\r\nConnection: Upgrade\r\nUpgrade: tcp\r\n"
            : "HTTP/1.1 200 OK\r\nContent-Type: application/vnd.docker.raw-stream\r\n");
        for (Map.Entry<String, String> h : commonHeaders) head.append(h.getKey()).append(": ").append(h.getValue()).append("\r\n");
        head.append("\r\n");
        hijacked = new HijackedConnection(channel, raw, this, upgradeRequested);
        try {
            hijacked.out().write(head.toString().getBytes(StandardCharsets.ISO_8859_1));
        } catch (IOException e) {
            hijacked.close(); // the client is gone: the route finds out on its first read or write
        }
        return hijacked;
    }

    /** The connection handed out by {@link #hijack}, or null. */
    HijackedConnection hijacked() { return hijacked; }

    /**
     * Ends the response (nothing to send after {@link #send} or {@link #hijack}). The connection is
     * closed only here, not when a complete response was sent, so that the exchange can first read
     * out a body the client is still sending.
     */
    public void finish() {
        if (!committed) send(HttpResponseStatus.NO_CONTENT, null, new byte[0], null);
        if (streaming && !finished) lastWrite = channel.writeAndFlush(LastHttpContent.EMPTY_LAST_CONTENT);
        finished = true;
        if (!keepAlive && lastWrite != null) lastWrite.addListener(ChannelFutureListener.CLOSE);
    }

    /** Closes the connection at once; used when even an error response could not be written. */
    void abort() {
        finished = true;
        channel.close();
    }

    /** Forces the connection closed after this response (e.g. the request body was not read). */
    void closeAfterResponse() {
        keepAlive = false;
    }

    void writabilityChanged() {
        synchronized (writability) {
            writability.notifyAll();
        }
    }

    /** Blocks while the channel's outbound buffer is above its high-water mark. */
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

    private void complete(ChannelFuture f) {
        lastWrite = f;
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
    }
}
