package dev.berth.api.types;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;

/** {@code POST /volumes/prune}; {@code VolumesDeleted} is null when nothing was deleted. */
public record VolumePruneResponse(@JsonProperty("VolumesDeleted") List<String> volumesDeleted,
                                  @JsonProperty("SpaceReclaimed") long spaceReclaimed) {}
