package dev.berth.image.registry;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.berth.common.error.BerthException;
import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.channels.UnresolvedAddressException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Classifies registry failures into the Berth taxonomy with dockerd's wording. Registry error
 * bodies look like {@code {"errors":[{"code":"MANIFEST_UNKNOWN","message":"manifest unknown"}]}};
 * dockerd prints each as {@code "manifest unknown: manifest unknown"} (code lower-cased, _ → space).
 */
final class RegistryErrors {
    private static final ObjectMapper JSON = new ObjectMapper();

    private RegistryErrors() {}

    /** One entry of a registry error body. */
    record Entry(String code, String message) {
        String text() {
            String c = code.toLowerCase(Locale.ROOT).replace('_', ' ');
            return message.isEmpty() ? c : c + ": " + message;
        }
    }

    static List<Entry> parse(byte[] body) {
        List<Entry> out = new ArrayList<>();
        if (body == null || body.length == 0) return out;
        try {
            JsonNode root = JSON.readTree(body);
            if (root == null) return out;
            for (JsonNode e : root.path("errors")) {
                out.add(new Entry(e.path("code").asText("UNKNOWN"), e.path("message").asText("")));
            }
        } catch (IOException ignored) {
            // Not JSON (a proxy's HTML page): the status line alone has to do.
        }
        return out;
    }

    static boolean hasCode(List<Entry> entries, String code) {
        return entries.stream().anyMatch(e -> e.code().equals(code));
    }

    /** dockerd joins several errors with "; " but reports a single one bare. */
    static String text(List<Entry> entries, String fallback) {
        if (entries.isEmpty()) return fallback;
        return String.join("; ", entries.stream().map(Entry::text).toList());
    }

    /** A transport failure (refused, reset, TLS, DNS, timeout) as {@code Get "url": reason}. */
    static BerthException.Unavailable connection(String method, URI uri, IOException e) {
        return new BerthException.Unavailable(goMethod(method) + " \"" + uri + "\": " + reason(e), e);
    }

    static String reason(IOException e) {
        if (e instanceof HttpConnectTimeoutException) return "connect or TLS handshake timed out";
        if (e instanceof HttpTimeoutException) return "request timed out";
        if (e instanceof ConnectException) {
            Throwable cause = e.getCause();
            if (cause instanceof UnresolvedAddressException) return "no such host";
            return "connect: connection refused";
        }
        String m = e.getMessage();
        return m == null || m.isBlank() ? e.getClass().getSimpleName() : m;
    }

    static String tokenFailure(String method, HttpResponse<byte[]> response) {
        List<Entry> entries = parse(response.body());
        if (!entries.isEmpty()) return text(entries, "");
        try {
            // Docker Hub's auth server answers {"details":"incorrect username or password"}.
            JsonNode root = JSON.readTree(response.body());
            if (root != null && root.hasNonNull("details")) return "unauthorized: " + root.get("details").asText();
        } catch (IOException ignored) {
            // fall through to the generic text
        }
        return "unauthorized: authentication required";
    }

    /** Maps a non-success response that no caller-specific rule covered. */
    static BerthException forStatus(String method, URI uri, int status, byte[] body) {
        List<Entry> entries = parse(body);
        return switch (status) {
            case 401 -> new BerthException.Unauthorized(text(entries, "unauthorized: authentication required"));
            case 403 -> new BerthException.Forbidden(text(entries, "denied: requested access to the resource is denied"));
            case 404 -> new BerthException.NotFound(text(entries, "not found: " + goMethod(method) + " \"" + uri + "\""));
            default -> status == 429 || status >= 500
                ? new BerthException.Unavailable(text(entries, "received unexpected HTTP status: " + status + " " + reasonPhrase(status)))
                : new BerthException.InvalidArgument(text(entries, "received unexpected HTTP status: " + status + " " + reasonPhrase(status)));
        };
    }

    static String reasonPhrase(int status) {
        return switch (status) {
            case 400 -> "Bad Request";
            case 401 -> "Unauthorized";
            case 403 -> "Forbidden";
            case 404 -> "Not Found";
            case 405 -> "Method Not Allowed";
            case 429 -> "Too Many Requests";
            case 500 -> "Internal Server Error";
            case 502 -> "Bad Gateway";
            case 503 -> "Service Unavailable";
            case 504 -> "Gateway Timeout";
            default -> "";
        };
    }

    static String goMethod(String method) {
        return method.charAt(0) + method.substring(1).toLowerCase(Locale.ROOT);
    }

    static String utf8(byte[] body) { return body == null ? "" : new String(body, StandardCharsets.UTF_8); }
}
