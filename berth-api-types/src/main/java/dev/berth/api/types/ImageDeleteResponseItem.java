package dev.berth.api.types;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;

/** One entry of {@code DELETE /images/{name}}: exactly one of the fields is set. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ImageDeleteResponseItem(@JsonProperty("Untagged") String untagged, @JsonProperty("Deleted") String deleted) {}
