package dev.berth.api.types;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.Map;

/** One entry of {@code HostConfig.Mounts} ({@code --mount}), inbound and in inspect; empty fields omitted as Go's omitempty. */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
public record Mount(
        @JsonProperty("Type") String type,
        @JsonProperty("Source") String source,
        @JsonProperty("Target") String target,
        @JsonInclude(JsonInclude.Include.NON_DEFAULT) @JsonProperty("ReadOnly") boolean readOnly,
        @JsonProperty("Consistency") String consistency,
        @JsonProperty("BindOptions") BindOptions bindOptions,
        @JsonProperty("VolumeOptions") VolumeOptions volumeOptions,
        @JsonProperty("TmpfsOptions") TmpfsOptions tmpfsOptions) {

    @JsonInclude(JsonInclude.Include.NON_EMPTY)
    public record BindOptions(
            @JsonProperty("Propagation") String propagation,
            @JsonInclude(JsonInclude.Include.NON_DEFAULT) @JsonProperty("NonRecursive") boolean nonRecursive,
            @JsonInclude(JsonInclude.Include.NON_DEFAULT) @JsonProperty("CreateMountpoint") boolean createMountpoint) {}

    @JsonInclude(JsonInclude.Include.NON_EMPTY)
    public record VolumeOptions(
            @JsonInclude(JsonInclude.Include.NON_DEFAULT) @JsonProperty("NoCopy") boolean noCopy,
            @JsonProperty("Labels") Map<String, String> labels,
            @JsonProperty("DriverConfig") DriverConfig driverConfig,
            @JsonProperty("Subpath") String subpath) {}

    @JsonInclude(JsonInclude.Include.NON_EMPTY)
    public record DriverConfig(@JsonProperty("Name") String name, @JsonProperty("Options") Map<String, String> options) {}

    @JsonInclude(JsonInclude.Include.NON_DEFAULT)
    public record TmpfsOptions(@JsonProperty("SizeBytes") long sizeBytes, @JsonProperty("Mode") int mode) {}
}
