package dev.berth.api.types;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;

/** {@code POST /containers/prune}; {@code ContainersDeleted} is null when nothing was removed, as dockerd. */
public record ContainerPruneResponse(@JsonProperty("ContainersDeleted") List<String> containersDeleted,
                                     @JsonProperty("SpaceReclaimed") long spaceReclaimed) {}
