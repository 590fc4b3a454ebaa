package dev.berth.api.types;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.Map;

/**
 * A volume on the wire ({@code GET /volumes/{name}}, create, list, {@code /system/df}). As dockerd:
 * {@code Labels} and {@code Options} are null (not {@code {}}) when empty; {@code CreatedAt},
 * {@code Status} and {@code UsageData} are left out when absent.
 */
public record VolumeResponse(
        @JsonProperty("CreatedAt") @JsonInclude(JsonInclude.Include.NON_NULL) String createdAt,
        @JsonProperty("Driver") String driver,
        @JsonProperty("Labels") Map<String, String> labels,
        @JsonProperty("Mountpoint") String mountpoint,
        @JsonProperty("Name") String name,
        @JsonProperty("Options") Map<String, String> options,
        @JsonProperty("Scope") String scope,
        @JsonProperty("Status") @JsonInclude(JsonInclude.Include.NON_EMPTY) Map<String, String> status,
        @JsonProperty("UsageData") @JsonInclude(JsonInclude.Include.NON_NULL) UsageData usageData) {

    /** Only {@code /system/df} fills it; {@code Size} is -1 when unknown (remote drivers). */
    public record UsageData(@JsonProperty("Size") long size, @JsonProperty("RefCount") long refCount) {}
}
