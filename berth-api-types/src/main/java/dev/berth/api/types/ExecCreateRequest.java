package dev.berth.api.types;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;

/** {@code POST /containers/{id}/exec} (Go's ExecOptions). {@code ConsoleSize} is {@code [height, width]}. */
@JsonIgnoreProperties(ignoreUnknown = true)
public record ExecCreateRequest(
        @JsonProperty("User") String user,
        @JsonProperty("Privileged") boolean privileged,
        @JsonProperty("Tty") boolean tty,
        @JsonProperty("ConsoleSize") List<Integer> consoleSize,
        @JsonProperty("AttachStdin") boolean attachStdin,
        @JsonProperty("AttachStderr") boolean attachStderr,
        @JsonProperty("AttachStdout") boolean attachStdout,
        @JsonProperty("DetachKeys") String detachKeys,
        @JsonProperty("Env") List<String> env,
        @JsonProperty("WorkingDir") String workingDir,
        @JsonProperty("Cmd") List<String> cmd) {}
