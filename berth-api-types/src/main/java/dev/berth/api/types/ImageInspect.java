package dev.berth.api.types;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;
import java.util.Map;

/** {@code GET /images/{name}/json}. */
public record ImageInspect(
        @JsonProperty("Id") String id,
        @JsonProperty("RepoTags") List<String> repoTags,
        @JsonProperty("RepoDigests") List<String> repoDigests,
        @JsonProperty("Parent") String parent,
        @JsonProperty("Comment") String comment,
        @JsonProperty("Created") String created,
        @JsonProperty("Container") String container,
        @JsonProperty("ContainerConfig") ContainerConfig containerConfig,
        @JsonProperty("DockerVersion") String dockerVersion,
        @JsonProperty("Author") String author,
        @JsonProperty("Config") ContainerConfig config,
        @JsonProperty("Architecture") String architecture,
        @JsonInclude(JsonInclude.Include.NON_EMPTY) @JsonProperty("Variant") String variant,
        @JsonProperty("Os") String os,
        @JsonProperty("Size") long size,
        @JsonInclude(JsonInclude.Include.NON_NULL) @JsonProperty("VirtualSize") Long virtualSize,
        @JsonProperty("GraphDriver") GraphDriver graphDriver,
        @JsonProperty("RootFS") RootFs rootFs,
        @JsonProperty("Metadata") Metadata metadata) {

    public record GraphDriver(@JsonProperty("Data") Map<String, String> data, @JsonProperty("Name") String name) {}

    public record RootFs(@JsonProperty("Type") String type, @JsonProperty("Layers") List<String> layers) {}

    public record Metadata(@JsonProperty("LastTagTime") String lastTagTime) {}
}
