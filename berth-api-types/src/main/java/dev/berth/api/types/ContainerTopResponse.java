package dev.berth.api.types;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;

public record ContainerTopResponse(@JsonProperty("Processes") List<List<String>> processes,
                                   @JsonProperty("Titles") List<String> titles) {}
