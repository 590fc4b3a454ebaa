package dev.berth.api.types;

import com.fasterxml.jackson.annotation.JsonProperty;

/** The body of {@code POST /networks/{id}/disconnect}. */
public record NetworkDisconnectRequest(@JsonProperty("Container") String container, @JsonProperty("Force") boolean force) {}
