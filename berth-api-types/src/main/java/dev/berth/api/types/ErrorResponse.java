package dev.berth.api.types;

import com.fasterxml.jackson.annotation.JsonProperty;

/** The body of every error answer: {@code {"message": "..."}}. */
public record ErrorResponse(@JsonProperty("message") String message) {}
