package dev.berth.api.types;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;

/** {@code GET /system/df}. Containers, volumes and build cache join as those features land. */
public record DiskUsageResponse(
        @JsonProperty("LayersSize") long layersSize,
        @JsonProperty("Images") List<ImageSummary> images,
        @JsonProperty("Containers") List<Object> containers,
        @JsonProperty("Volumes") List<Object> volumes,
        @JsonProperty("BuildCache") List<Object> buildCache) {}
