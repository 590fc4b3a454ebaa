package dev.berth.api.types;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;

/** The answer to {@code POST /networks/prune}; null when nothing was removed, as dockerd's nil slice. */
public record NetworkPruneResponse(@JsonProperty("NetworksDeleted") List<String> networksDeleted) {}
