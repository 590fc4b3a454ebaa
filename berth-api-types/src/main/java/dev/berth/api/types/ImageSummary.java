package dev.berth.api.types;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;
import java.util.Map;

/** One entry of {@code GET /images/json}. {@code VirtualSize} is only sent to API clients older than 1.44. */
public record ImageSummary(
        @JsonProperty("Containers") int containers,
        @JsonProperty("Created") long created,
        @JsonProperty("Id") String id,
        @JsonProperty("Labels") Map<String, String> labels,
        @JsonProperty("ParentId") String parentId,
        @JsonProperty("RepoDigests") List<String> repoDigests,
        @JsonProperty("RepoTags") List<String> repoTags,
        @JsonProperty("SharedSize") long sharedSize,
        @JsonProperty("Size") long size,
        @JsonInclude(JsonInclude.Include.NON_NULL) @JsonProperty("VirtualSize") Long virtualSize) {}
