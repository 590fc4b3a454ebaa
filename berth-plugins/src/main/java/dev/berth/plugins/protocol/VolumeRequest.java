package dev.berth.plugins.protocol;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.Map;

/**
 * The body of every {@code /VolumeDriver.*} call: {@code Name} always (except List and
 * Capabilities), {@code Opts} on Create, {@code ID} (the caller) on Mount and Unmount.
 */
public record VolumeRequest(@JsonProperty("Name") String name, @JsonProperty("Opts") Map<String, String> opts,
                            @JsonProperty("ID") String id) {

    public static VolumeRequest named(String name) { return new VolumeRequest(name, null, null); }
}
