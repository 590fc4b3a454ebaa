package dev.berth.api.types;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;
import java.util.Map;

/**
 * Docker's container config object, used for an image's {@code Config} and {@code ContainerConfig}
 * (and later for container create). Fields that Go marks omitempty are omitted when null.
 */
public record ContainerConfig(
        @JsonProperty("Hostname") String hostname,
        @JsonProperty("Domainname") String domainname,
        @JsonProperty("User") String user,
        @JsonProperty("AttachStdin") boolean attachStdin,
        @JsonProperty("AttachStdout") boolean attachStdout,
        @JsonProperty("AttachStderr") boolean attachStderr,
        @JsonInclude(JsonInclude.Include.NON_EMPTY) @JsonProperty("ExposedPorts") Map<String, Map<String, Object>> exposedPorts,
        @JsonProperty("Tty") boolean tty,
        @JsonProperty("OpenStdin") boolean openStdin,
        @JsonProperty("StdinOnce") boolean stdinOnce,
        @JsonProperty("Env") List<String> env,
        @JsonProperty("Cmd") List<String> cmd,
        @JsonInclude(JsonInclude.Include.NON_NULL) @JsonProperty("Healthcheck") HealthConfig healthcheck,
        @JsonInclude(JsonInclude.Include.NON_DEFAULT) @JsonProperty("ArgsEscaped") boolean argsEscaped,
        @JsonProperty("Image") String image,
        @JsonProperty("Volumes") Map<String, Map<String, Object>> volumes,
        @JsonProperty("WorkingDir") String workingDir,
        @JsonProperty("Entrypoint") List<String> entrypoint,
        @JsonProperty("OnBuild") List<String> onBuild,
        @JsonProperty("Labels") Map<String, String> labels,
        @JsonInclude(JsonInclude.Include.NON_EMPTY) @JsonProperty("StopSignal") String stopSignal,
        @JsonInclude(JsonInclude.Include.NON_NULL) @JsonProperty("StopTimeout") Integer stopTimeout,
        @JsonInclude(JsonInclude.Include.NON_EMPTY) @JsonProperty("Shell") List<String> shell) {

    /** A healthcheck; durations in nanoseconds as Go's time.Duration. */
    @JsonInclude(JsonInclude.Include.NON_DEFAULT)
    public record HealthConfig(
            @JsonProperty("Test") List<String> test,
            @JsonProperty("Interval") long interval,
            @JsonProperty("Timeout") long timeout,
            @JsonProperty("StartPeriod") long startPeriod,
            @JsonProperty("StartInterval") long startInterval,
            @JsonProperty("Retries") int retries) {}
}
