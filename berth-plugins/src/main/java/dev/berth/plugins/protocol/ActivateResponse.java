package dev.berth.plugins.protocol;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;

/** {@code POST /Plugin.Activate}: the subsystems the plugin implements, e.g. {@code ["VolumeDriver"]}. */
public record ActivateResponse(@JsonProperty("Implements") List<String> implementsList) {
    public ActivateResponse {
        implementsList = implementsList == null ? List.of() : List.copyOf(implementsList);
    }
}
