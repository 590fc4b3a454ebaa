package dev.berth.api.types;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;

/** {@code POST /images/prune}. */
public record ImagePruneResponse(@JsonProperty("ImagesDeleted") List<ImageDeleteResponseItem> imagesDeleted,
                                 @JsonProperty("SpaceReclaimed") long spaceReclaimed) {}
