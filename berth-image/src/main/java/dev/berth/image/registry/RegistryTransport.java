package dev.berth.image.registry;

import dev.berth.common.error.BerthException;
import dev.berth.core.image.RegistryCredentials;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * HTTP to one registry endpoint on behalf of one set of credentials and scopes. Requests go out
 * anonymously until the endpoint challenges (401 + {@code WWW-Authenticate}); then the request is
 * answered once with Basic or Bearer auth and retried. The header is kept for later requests.
 * Redirects (blob downloads from object storage) are followed here, dropping {@code Authorization}
 * when the host changes so registry credentials never leak to a CDN. Thread-safe.
 */
final class RegistryTransport {
    static final String USER_AGENT = "berth/0.1 (docker-compatible)";
    private static final int MAX_REDIRECTS = 5;

    private final HttpClient http;
    private final RegistryAuthenticator auth;
    private final RegistryEndpoint endpoint;
    private final RegistryCredentials credentials;
    private final List<String> scopes;
    private final Duration timeout;
    private volatile String authorization;
    private volatile boolean preauthorized;

    RegistryTransport(HttpClient http, RegistryAuthenticator auth, RegistryEndpoint endpoint,
                      RegistryCredentials credentials, List<String> scopes, Duration timeout) {
        this.http = http;
        this.auth = auth;
        this.endpoint = endpoint;
        this.credentials = credentials;
        this.scopes = List.copyOf(scopes);
        this.timeout = timeout;
    }

    RegistryEndpoint endpoint() { return endpoint; }

    /** A request: method, absolute URI, extra headers, and a body that can be re-created for a retry. */
    record Call(String method, URI uri, Map<String, String> headers, Supplier<HttpRequest.BodyPublisher> body) {
        Call {
            headers = Map.copyOf(headers);
            Objects.requireNonNull(body);
        }

        static Call of(String method, URI uri, Map<String, String> headers) {
            return new Call(method, uri, headers, HttpRequest.BodyPublishers::noBody);
        }
    }

    /**
     * Sends {@code call}, answering one auth challenge and following redirects for GET/HEAD. The
     * final response is returned whatever its status; callers map error statuses in context.
     * Transport failures → {@code Unavailable}; rejected token-server credentials → {@code Unauthorized}.
     */
    <T> HttpResponse<T> send(Call call, HttpResponse.BodyHandler<T> handler) {
        preauthorize();
        HttpResponse<T> response = exchange(call, call.uri(), authorization, handler);
        if (response.statusCode() == 401) {
            Optional<AuthChallenge> challenge = AuthChallenge.select(response.headers().allValues("WWW-Authenticate"));
            if (challenge.isPresent()) {
                auth.remember(endpoint, challenge.get());
                if (authorization != null) auth.invalidateTokens();
                Optional<String> answer = auth.authorization(challenge.get(), scopes, credentials);
                if (answer.isPresent()) {
                    discard(response);
                    authorization = answer.get();
                    response = exchange(call, call.uri(), authorization, handler);
                }
            }
        }
        return followRedirects(call, response, handler);
    }

    private void preauthorize() {
        if (preauthorized) return;
        preauthorized = true;
        auth.knownChallenge(endpoint).ifPresent(c -> authorization = auth.authorization(c, scopes, credentials).orElse(null));
    }

    private <T> HttpResponse<T> followRedirects(Call call, HttpResponse<T> response, HttpResponse.BodyHandler<T> handler) {
        boolean idempotent = call.method().equals("GET") || call.method().equals("HEAD");
        URI current = call.uri();
        for (int hop = 0; idempotent && isRedirect(response.statusCode()) && hop < MAX_REDIRECTS; hop++) {
            Optional<String> location = response.headers().firstValue("Location");
            if (location.isEmpty()) break;
            discard(response);
            URI next = current.resolve(location.get());
            String auth = sameOrigin(call.uri(), next) ? authorization : null;
            current = next;
            response = exchange(call, next, auth, handler);
        }
        return response;
    }

    private <T> HttpResponse<T> exchange(Call call, URI uri, String authHeader, HttpResponse.BodyHandler<T> handler) {
        HttpRequest.Builder b = HttpRequest.newBuilder(uri).timeout(timeout)
            .method(call.method(), call.body().get()).header("User-Agent", USER_AGENT);
        call.headers().forEach(b::header);
        if (authHeader != null) b.header("Authorization", authHeader);
        try {
            return http.send(b.build(), handler);
        } catch (IOException e) {
            throw RegistryErrors.connection(call.method(), uri, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new BerthException.Unavailable(RegistryErrors.goMethod(call.method()) + " \"" + uri + "\": interrupted");
        }
    }

    private static boolean isRedirect(int status) {
        return status == 301 || status == 302 || status == 303 || status == 307 || status == 308;
    }

    private static boolean sameOrigin(URI a, URI b) {
        return Objects.equals(a.getScheme(), b.getScheme()) && Objects.equals(a.getHost(), b.getHost())
            && a.getPort() == b.getPort();
    }

    /** Releases the connection behind a response whose body we will not read. */
    static void discard(HttpResponse<?> response) {
        if (response.body() instanceof InputStream in) {
            try (in) {
                in.skip(Long.MAX_VALUE);
            } catch (IOException ignored) {
                // the connection is closed instead of reused; nothing else to do
            }
        }
    }

    /** The error body of a failed response, at most 64 KiB, whatever handler produced it. */
    static byte[] errorBody(HttpResponse<?> response) {
        Object body = response.body();
        if (body instanceof byte[] bytes) return bytes;
        if (body instanceof String s) return s.getBytes(java.nio.charset.StandardCharsets.UTF_8);
        if (body instanceof InputStream in) {
            try (in) {
                return in.readNBytes(64 * 1024);
            } catch (IOException e) {
                return new byte[0];
            }
        }
        return new byte[0];
    }
}
