package dev.berth.api.types;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;

/** {@code State.Health} of container inspect. */
public record HealthState(
        @JsonProperty("Status") String status,
        @JsonProperty("FailingStreak") int failingStreak,
        @JsonProperty("Log") List<Result> log) {

    public record Result(
            @JsonProperty("Start") String start,
            @JsonProperty("End") String end,
            @JsonProperty("ExitCode") int exitCode,
            @JsonProperty("Output") String output) {}
}
