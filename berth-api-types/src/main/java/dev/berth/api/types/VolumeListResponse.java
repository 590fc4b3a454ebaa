package dev.berth.api.types;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;

/** {@code GET /volumes}; {@code Warnings} is null when there are none, as dockerd sends it. */
public record VolumeListResponse(@JsonProperty("Volumes") List<VolumeResponse> volumes,
                                 @JsonProperty("Warnings") List<String> warnings) {}
