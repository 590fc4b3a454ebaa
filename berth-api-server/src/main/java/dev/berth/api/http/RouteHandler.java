package dev.berth.api.http;

/**
 * Serves one route on a virtual thread. It may block. It reports failures by throwing a
 * {@link dev.berth.common.error.BerthException}; it never writes an error response itself
 * (a streaming route that already sent headers reports errors inside its stream).
 */
@FunctionalInterface
public interface RouteHandler {
    void handle(ApiRequest request, HttpResponder response) throws Exception;
}
