package dev.berth.api.types;

import com.fasterxml.jackson.annotation.JsonProperty;

/** {@code {"Id": "…"}} (exec create and friends). */
public record IdResponse(@JsonProperty("Id") String id) {}
