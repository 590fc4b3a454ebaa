package dev.berth.api.types;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.Map;

/** {@code POST /volumes/create}; every field may be absent. */
public record VolumeCreateRequest(@JsonProperty("Name") String name, @JsonProperty("Driver") String driver,
                                  @JsonProperty("DriverOpts") Map<String, String> driverOpts,
                                  @JsonProperty("Labels") Map<String, String> labels) {}
