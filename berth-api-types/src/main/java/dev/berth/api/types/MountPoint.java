package dev.berth.api.types;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;

/** One entry of inspect's (and {@code ps}'s) {@code Mounts}: what is mounted where, as dockerd reports it. */
public record MountPoint(
        @JsonProperty("Type") String type,
        @JsonInclude(JsonInclude.Include.NON_EMPTY) @JsonProperty("Name") String name,
        @JsonProperty("Source") String source,
        @JsonProperty("Destination") String destination,
        @JsonInclude(JsonInclude.Include.NON_EMPTY) @JsonProperty("Driver") String driver,
        @JsonProperty("Mode") String mode,
        @JsonProperty("RW") boolean rw,
        @JsonProperty("Propagation") String propagation) {}
