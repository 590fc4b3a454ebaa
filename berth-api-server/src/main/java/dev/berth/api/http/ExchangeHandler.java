package dev.berth.api.http;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelOption;
import io.netty.channel.ChannelPipeline;
import io.netty.channel.socket.ChannelInputShutdownEvent;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.codec.http.HttpServerExpectContinueHandler;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.handler.codec.http.QueryStringDecoder;
import io.netty.util.ReferenceCountUtil;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Bridges Netty's event loop to blocking route handlers: each request runs on its own virtual
 * thread, reading its body as an InputStream and writing its response through an
 * {@link HttpResponder}. The event loop never blocks.
 *
 * <p>Hijack ({@link HttpResponder#hijack}): a request with an {@code Upgrade} header may turn into
 * a raw stream, and clients send stdin right behind it without waiting for the 101. The HTTP
 * decoder would parse those bytes as the next request, so it leaves the pipeline as soon as such a
 * request (and its body) has been decoded; Netty then hands over the bytes it had buffered, and
 * they wait in a raw input stream for the route. Such a connection never serves another request.
 * Half-closure is enabled for it, because {@code docker run -i} shuts down its sending side at the
 * end of stdin and still expects the output.
 */
public final class ExchangeHandler extends ChannelInboundHandlerAdapter {
    private static final Logger LOG = LoggerFactory.getLogger(ExchangeHandler.class);

    private final ApiDispatcher dispatcher;
    private final HttpHeaders commonHeaders;
    private ChannelHandlerContext ctx;
    private RequestBody body;
    private HttpResponder responder;
    private boolean upgrade;
    private volatile RequestBody raw;

    public ExchangeHandler(ApiDispatcher dispatcher, HttpHeaders commonHeaders) {
        this.dispatcher = dispatcher;
        this.commonHeaders = commonHeaders;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        try {
            if (msg instanceof HttpRequest request) start(ctx, request);
            if (msg instanceof HttpContent content && body != null) {
                body.offer(content.content().retain());
                if (content instanceof LastHttpContent) {
                    body.finish();
                    if (upgrade) removeDecoder(ctx.pipeline());
                }
            } else if (msg instanceof ByteBuf bytes) {
                // raw bytes once the decoder is gone (hijack); nobody to take them otherwise
                if (raw != null) raw.offer(bytes.retain());
            }
        } finally {
            ReferenceCountUtil.release(msg);
        }
    }

    private void start(ChannelHandlerContext ctx, HttpRequest request) {
        if (!request.decoderResult().isSuccess()) {
            ctx.close();
            return;
        }
        this.ctx = ctx;
        var decoder = new QueryStringDecoder(request.uri());
        RequestBody requestBody = new RequestBody(ctx.channel());
        // A request without a body is complete now: the handler may finish before the event loop has
        // processed its (empty) last content, and must not then think the body is unread and close
        // the connection under the client's next request (the CLI pipelines _ping and the call).
        if (!HttpUtil.isTransferEncodingChunked(request) && HttpUtil.getContentLength(request, 0L) == 0) requestBody.finish();
        boolean head = request.method().equals(HttpMethod.HEAD);
        upgrade = request.headers().contains(HttpHeaderNames.UPGRADE);
        if (upgrade) prepareRaw();
        HttpResponder response = new HttpResponder(ctx.channel(), commonHeaders, HttpUtil.isKeepAlive(request), head,
            upgrade, this::switchToRaw);
        this.body = requestBody;
        this.responder = response;
        var apiRequest = new ApiRequest(request.method(), decoder.path(), null, decoder.parameters(), Map.of(),
            request.headers(), requestBody);
        Thread.ofVirtual().name("api-" + request.method() + " " + decoder.path()).start(() -> run(apiRequest, requestBody, response));
    }

    /** Event loop: from now on the client may half-close, and raw bytes have somewhere to go. */
    private void prepareRaw() {
        if (raw != null) return;
        ctx.channel().config().setOption(ChannelOption.ALLOW_HALF_CLOSURE, true);
        raw = new RequestBody(ctx.channel());
    }

    /** Event loop: Netty passes the decoder's unread bytes on to us as a ByteBuf. */
    private static void removeDecoder(ChannelPipeline pipeline) {
        HttpServerCodec codec = pipeline.get(HttpServerCodec.class);
        if (codec != null) codec.removeInboundHandler();
    }

    /** Called by the route's thread through {@link HttpResponder#hijack}; the surgery runs on the loop. */
    private RequestBody switchToRaw() {
        return ctx.executor().submit(() -> {
            prepareRaw();
            ChannelPipeline p = ctx.pipeline();
            removeDecoder(p);
            if (p.get(HttpServerCodec.class) != null) p.remove(HttpServerCodec.class);
            if (p.get(HttpServerExpectContinueHandler.class) != null) p.remove(HttpServerExpectContinueHandler.class);
            return raw;
        }).syncUninterruptibly().getNow();
    }

    private void run(ApiRequest request, RequestBody requestBody, HttpResponder response) {
        try {
            dispatcher.dispatch(request, response);
            HijackedConnection hijacked = response.hijacked();
            if (hijacked != null) {
                hijacked.close(); // the route is done with it, whatever it did
                return;
            }
            // Readers such as tar stop at the end-of-archive marker and leave the record padding
            // unread; the client is still writing it, so read it out rather than closing on the
            // client mid-write (which it reports as "broken pipe"). Give up on bodies far too large.
            if (!drain(requestBody)) response.closeAfterResponse();
            response.finish();
        } catch (Throwable e) {
            // a failure in the error path itself: a closed connection beats a client waiting forever
            LOG.error("unhandled failure serving {} {}", request.method(), request.path(), e);
            response.abort();
        } finally {
            requestBody.discard();
            RequestBody rawInput = raw;
            if (rawInput != null) rawInput.discard();
        }
    }

    private static final long MAX_DRAIN = 64L << 20;

    /** Reads and discards what is left of the body; false when more than {@link #MAX_DRAIN} remains. */
    private static boolean drain(RequestBody body) {
        try {
            byte[] sink = new byte[64 * 1024];
            long total = 0;
            int n;
            while ((n = body.read(sink, 0, sink.length)) >= 0) {
                total += n;
                if (total > MAX_DRAIN) return false;
            }
            return true;
        } catch (java.io.IOException e) {
            return false;
        }
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
        if (evt instanceof ChannelInputShutdownEvent && raw != null) raw.finish(); // the client half-closed
        ctx.fireUserEventTriggered(evt);
    }

    @Override
    public void channelWritabilityChanged(ChannelHandlerContext ctx) {
        if (responder != null) responder.writabilityChanged();
        ctx.fireChannelWritabilityChanged();
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        if (body != null) body.abort();
        if (raw != null) raw.abort();
        if (responder != null) responder.writabilityChanged();
        ctx.fireChannelInactive();
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        LOG.debug("connection error: {}", cause.toString());
        ctx.close();
    }
}
