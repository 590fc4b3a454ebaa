package dev.berth.api.http;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpRequest;
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
 */
public final class ExchangeHandler extends ChannelInboundHandlerAdapter {
    private static final Logger LOG = LoggerFactory.getLogger(ExchangeHandler.class);

    private final ApiDispatcher dispatcher;
    private final HttpHeaders commonHeaders;
    private RequestBody body;
    private HttpResponder responder;

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
                if (content instanceof LastHttpContent) body.finish();
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
        var decoder = new QueryStringDecoder(request.uri());
        RequestBody requestBody = new RequestBody(ctx.channel());
        // A request without a body is complete now: the handler may finish before the event loop has
        // processed its (empty) last content, and must not then think the body is unread and close
        // the connection under the client's next request (the CLI pipelines _ping and the call).
        if (!HttpUtil.isTransferEncodingChunked(request) && HttpUtil.getContentLength(request, 0L) == 0) requestBody.finish();
        boolean head = request.method().equals(HttpMethod.HEAD);
        HttpResponder response = new HttpResponder(ctx.channel(), commonHeaders, HttpUtil.isKeepAlive(request), head);
        this.body = requestBody;
        this.responder = response;
        var apiRequest = new ApiRequest(request.method(), decoder.path(), null, decoder.parameters(), Map.of(),
            request.headers(), requestBody);
        Thread.ofVirtual().name("api-" + request.method() + " " + decoder.path()).start(() -> run(apiRequest, requestBody, response));
    }

    private void run(ApiRequest request, RequestBody requestBody, HttpResponder response) {
        try {
            dispatcher.dispatch(request, response);
            // an unread body would be parsed as the next request: drop the connection instead
            if (!requestBody.complete()) response.closeAfterResponse();
            response.finish();
        } catch (Throwable e) {
            LOG.error("unhandled failure serving {} {}", request.method(), request.path(), e);
        } finally {
            requestBody.discard();
        }
    }

    @Override
    public void channelWritabilityChanged(ChannelHandlerContext ctx) {
        if (responder != null) responder.writabilityChanged();
        ctx.fireChannelWritabilityChanged();
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        if (body != null) body.abort();
        if (responder != null) responder.writabilityChanged();
        ctx.fireChannelInactive();
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        LOG.debug("connection error: {}", cause.toString());
        ctx.close();
    }
}
