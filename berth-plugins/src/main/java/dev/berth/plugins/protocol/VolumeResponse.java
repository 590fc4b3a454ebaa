package dev.berth.plugins.protocol;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;

/**
 * The reply to any {@code /VolumeDriver.*} call; each call fills the fields it needs. Errors come
 * as {@code Err} (the protocol) or {@code Error} (what some plugins send); both are honoured.
 */
public record VolumeResponse(@JsonProperty("Mountpoint") String mountpoint, @JsonProperty("Volume") WireVolume volume,
                             @JsonProperty("Volumes") List<WireVolume> volumes,
                             @JsonProperty("Capabilities") Capabilities capabilities,
                             @JsonProperty("Err") String err, @JsonProperty("Error") String error) {

    /** {@code {"Capabilities": {"Scope": "global"}}}. */
    public record Capabilities(@JsonProperty("Scope") String scope) {}

    /** The plugin's error text, or null when it reported none. */
    public String errorText() {
        if (err != null && !err.isEmpty()) return err;
        if (error != null && !error.isEmpty()) return error;
        return null;
    }

    public static VolumeResponse empty() { return new VolumeResponse(null, null, null, null, null, null); }

    public static VolumeResponse failure(String message) { return new VolumeResponse(null, null, null, null, message, null); }
}
