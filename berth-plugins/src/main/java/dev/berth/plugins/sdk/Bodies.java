package dev.berth.plugins.sdk;

import dev.berth.plugins.protocol.PluginProtocol;
import java.io.IOException;

/** Request bodies: an empty body is an empty object, as Go's plugin helpers treat it. */
final class Bodies {
    private Bodies() {}

    static <T> T decode(byte[] body, Class<T> type) {
        try {
            T value = PluginProtocol.JSON.readValue(body.length == 0 ? "{}".getBytes() : body, type);
            return value != null ? value : PluginProtocol.JSON.readValue("{}", type);
        } catch (IOException e) {
            throw new IllegalArgumentException("invalid request body: " + e.getMessage(), e);
        }
    }
}
