package dev.berth.client;

import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Map;

/** A complete HTTP/1.1 response; header names are lower-cased. */
public record HttpResponse(int status, String reason, Map<String, String> headers, byte[] body) {
    public String header(String name) { return headers.get(name.toLowerCase(Locale.ROOT)); }

    public String bodyText() { return new String(body, StandardCharsets.UTF_8); }
}
