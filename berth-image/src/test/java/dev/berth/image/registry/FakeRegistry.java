package dev.berth.image.registry;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A scriptable registry on 127.0.0.1 for failures a real registry will not produce: corrupt
 * blobs, dropped connections, redirects, Bearer token auth. Routes are exact paths.
 */
final class FakeRegistry implements AutoCloseable {
    record Request(String method, String path, String query, String authorization) {}

    private final HttpServer server;
    private final Map<String, HttpHandler> routes = new ConcurrentHashMap<>();
    final List<Request> requests = new CopyOnWriteArrayList<>();
    volatile String requiredAuthorization;
    volatile String challenge;

    FakeRegistry() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 16);
        server.createContext("/", this::dispatch);
        server.start();
    }

    int port() { return server.getAddress().getPort(); }

    String domain() { return "127.0.0.1:" + port(); }

    void route(String path, HttpHandler handler) { routes.put(path, handler); }

    /** Protected paths (all but ones starting with /token) need {@code authorization}, else 401 + challenge. */
    void requireAuth(String authorization, String challengeHeader) {
        requiredAuthorization = authorization;
        challenge = challengeHeader;
    }

    private void dispatch(HttpExchange exchange) throws IOException {
        String path = exchange.getRequestURI().getPath();
        String auth = exchange.getRequestHeaders().getFirst("Authorization");
        requests.add(new Request(exchange.getRequestMethod(), path, exchange.getRequestURI().getRawQuery(), auth));
        try (exchange) {
            if (requiredAuthorization != null && !path.startsWith("/token") && !path.startsWith("/cdn")
                    && !requiredAuthorization.equals(auth)) {
                exchange.getResponseHeaders().add("WWW-Authenticate", challenge);
                send(exchange, 401, "{\"errors\":[{\"code\":\"UNAUTHORIZED\",\"message\":\"authentication required\"}]}");
                return;
            }
            HttpHandler handler = routes.get(path);
            if (handler == null) {
                send(exchange, 404, "{\"errors\":[{\"code\":\"NOT_FOUND\",\"message\":\"no route\"}]}");
                return;
            }
            handler.handle(exchange);
        }
    }

    static void send(HttpExchange exchange, int status, String body) throws IOException {
        send(exchange, status, body.getBytes(StandardCharsets.UTF_8), null);
    }

    static void send(HttpExchange exchange, int status, byte[] body, String contentType) throws IOException {
        if (contentType != null) exchange.getResponseHeaders().add("Content-Type", contentType);
        boolean head = exchange.getRequestMethod().equals("HEAD");
        exchange.sendResponseHeaders(status, head || body.length == 0 ? -1 : body.length);
        if (!head) {
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        }
    }

    /** Serves {@code bytes} as a static route. */
    void serve(String path, byte[] bytes, String contentType) {
        route(path, ex -> send(ex, 200, bytes, contentType));
    }

    @Override public void close() { server.stop(0); }
}
