package dev.berth.api.types;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;
import java.util.Map;

/**
 * A network's {@code IPAM} section. Request and response share this shape on purpose: dockerd
 * echoes the client's IPAM back verbatim, and compose compares the two.
 */
public record NetworkIpam(
        @JsonProperty("Driver") String driver,
        @JsonProperty("Options") Map<String, String> options,
        @JsonProperty("Config") List<NetworkIpamConfig> config) {}
