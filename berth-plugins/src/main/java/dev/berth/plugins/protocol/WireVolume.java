package dev.berth.plugins.protocol;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.Map;

/** A volume as a plugin describes it in Get and List; {@code CreatedAt} and {@code Status} are optional. */
public record WireVolume(@JsonProperty("Name") String name, @JsonProperty("Mountpoint") String mountpoint,
                         @JsonProperty("CreatedAt") String createdAt, @JsonProperty("Status") Map<String, Object> status) {}
