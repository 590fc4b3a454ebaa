package dev.berth.api.http;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelOption;
import io.netty.channel.ChannelPipeline;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ExecutionException;

/**
 * A minimal HTTP hijack, as dockerd's attach and exec do it: answer {@code 101 UPGRADED}, take the
 * HTTP codec out of the pipeline and stream raw bytes over the connection; closing the stream
 * closes the connection (which is how the client learns the output ended). Output only for now:
 * bytes the client sends after the upgrade are dropped.
 */
public final class UpgradedStream extends OutputStream {
    private final Channel channel;
    private final HttpResponder responder;

    private UpgradedStream(Channel channel, HttpResponder responder) {
        this.channel = channel;
        this.responder = responder;
    }

    /** True when the request asked to upgrade ({@code Connection: Upgrade} with {@code Upgrade: tcp}). */
    public static boolean requested(ApiRequest request) {
        String connection = request.headers().get(HttpHeaderNames.CONNECTION, "");
        return connection.toLowerCase().contains(HttpHeaderValues.UPGRADE.toString()) && request.headers().contains(HttpHeaderNames.UPGRADE);
    }

    /** Sends the 101 response with {@code contentType} and returns the raw stream. */
    public static UpgradedStream upgrade(HttpResponder responder, String contentType) throws IOException {
        Channel channel = responder.hijack();
        String head = "HTTP/1.1 101 UPGRADED\r\nContent-Type: " + contentType + "\r\nConnection: Upgrade\r\nUpgrade: tcp\r\n\r\n";
        try {
            channel.eventLoop().submit(() -> {
                // the docker CLI half-closes its side when it has no stdin to send: keep writing
                channel.config().setOption(ChannelOption.ALLOW_HALF_CLOSURE, true);
                ChannelPipeline p = channel.pipeline();
                if (p.get("http") != null) p.remove("http");
                if (p.get("continue") != null) p.remove("continue");
                channel.writeAndFlush(Unpooled.copiedBuffer(head, StandardCharsets.US_ASCII));
            }).get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while upgrading", e);
        } catch (ExecutionException e) {
            throw new IOException("cannot upgrade the connection: " + e.getCause(), e.getCause());
        }
        return new UpgradedStream(channel, responder);
    }

    @Override
    public void write(int b) throws IOException {
        write(new byte[] {(byte) b}, 0, 1);
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
        if (!channel.isActive()) throw new IOException("client disconnected");
        ByteBuf buf = Unpooled.copiedBuffer(b, off, len);
        channel.writeAndFlush(buf);
        responder.awaitWritable();
    }

    public boolean clientGone() { return !channel.isActive(); }

    /** Flushes what was written and closes the connection. */
    @Override
    public void close() {
        if (channel.isActive()) channel.writeAndFlush(Unpooled.EMPTY_BUFFER).addListener(f -> channel.close());
    }
}
