package dev.berth.api.types;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;

/** {@code POST /exec/{id}/start} (Go's ExecStartOptions). */
@JsonIgnoreProperties(ignoreUnknown = true)
public record ExecStartRequest(
        @JsonProperty("Detach") boolean detach,
        @JsonProperty("Tty") boolean tty,
        @JsonProperty("ConsoleSize") List<Integer> consoleSize) {}
