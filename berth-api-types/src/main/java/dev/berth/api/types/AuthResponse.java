package dev.berth.api.types;

import com.fasterxml.jackson.annotation.JsonProperty;

/** {@code POST /auth}. */
public record AuthResponse(@JsonProperty("Status") String status, @JsonProperty("IdentityToken") String identityToken) {}
