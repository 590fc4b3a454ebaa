package dev.berth.client;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import dev.berth.api.types.ApiVersion;
import dev.berth.api.types.ErrorResponse;
import dev.berth.api.types.InfoResponse;
import dev.berth.api.types.VersionResponse;
import java.io.IOException;
import java.time.Duration;

/**
 * A small Docker Engine API client for Berth's own CLI: the same HTTP API the docker CLI uses, over
 * a unix socket or plain TCP. Negotiates the API version once via {@code /_ping} (the lower of the
 * server's and {@link #CLIENT_API_VERSION}). Thread-safe; every call opens its own connection.
 */
public final class EngineClient {
    public static final String CLIENT_API_VERSION = "1.44";

    private static final ObjectMapper JSON = JsonMapper.builder()
        .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
        .build();

    private final EngineAddress address;
    private final Duration timeout;
    private volatile String apiVersion;

    public EngineClient(EngineAddress address, Duration timeout) {
        this.address = address;
        this.timeout = timeout;
    }

    public static EngineClient connect(String host) {
        return new EngineClient(EngineAddress.parse(host), Duration.ofSeconds(30));
    }

    public EngineAddress address() { return address; }

    /** {@code GET /_ping}: "OK" from a live engine; remembers the API version it announces. */
    public String ping() {
        HttpResponse r = HttpExchange.send(address, "GET", "/_ping", null, timeout);
        check(r);
        String server = r.header("api-version");
        apiVersion = server != null && ApiVersion.compare(server, CLIENT_API_VERSION) < 0 ? server : CLIENT_API_VERSION;
        return r.bodyText();
    }

    /** The API version calls use: negotiated on first use. */
    public String apiVersion() {
        if (apiVersion == null) ping();
        return apiVersion;
    }

    public VersionResponse version() {
        return get("/version", VersionResponse.class);
    }

    public InfoResponse info() {
        return get("/info", InfoResponse.class);
    }

    private <T> T get(String path, Class<T> type) {
        HttpResponse r = HttpExchange.send(address, "GET", "/v" + apiVersion() + path, null, timeout);
        check(r);
        try {
            return JSON.readValue(r.body(), type);
        } catch (IOException e) {
            throw new EngineClientException(r.status(), "cannot decode the answer to " + path + ": " + e.getMessage(), e);
        }
    }

    private static void check(HttpResponse r) {
        if (r.status() < 400) return;
        String message = r.bodyText().strip();
        try {
            ErrorResponse error = JSON.readValue(r.body(), ErrorResponse.class);
            if (error.message() != null) message = error.message();
        } catch (IOException notJson) {
            // keep the raw body: older or foreign servers answer errors in plain text
        }
        throw new EngineClientException(r.status(), "Error response from daemon: " + message, null);
    }
}
