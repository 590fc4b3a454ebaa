package dev.berth.api.types;

import com.fasterxml.jackson.annotation.JsonProperty;

/** {@code POST /containers/{id}/wait}; {@code Error} is null unless waiting failed. */
public record ContainerWaitResponse(@JsonProperty("Error") WaitError error, @JsonProperty("StatusCode") long statusCode) {
    public record WaitError(@JsonProperty("Message") String message) {}
}
