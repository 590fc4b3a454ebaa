package dev.berth.api.types;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.Map;

/** One {@code IPAM.Config} entry; empty fields are left out, as Go's {@code omitempty}. */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
public record NetworkIpamConfig(
        @JsonProperty("Subnet") String subnet,
        @JsonProperty("IPRange") String ipRange,
        @JsonProperty("Gateway") String gateway,
        @JsonProperty("AuxiliaryAddresses") Map<String, String> auxiliaryAddresses) {}
