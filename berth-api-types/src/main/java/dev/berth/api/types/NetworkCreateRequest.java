package dev.berth.api.types;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.Map;

/** The body of {@code POST /networks/create}. {@code CheckDuplicate} is ignored by dockerd since 1.44: names are always unique. */
public record NetworkCreateRequest(
        @JsonProperty("Name") String name,
        @JsonProperty("Driver") String driver,
        @JsonProperty("Scope") String scope,
        @JsonProperty("Internal") boolean internal,
        @JsonProperty("Attachable") boolean attachable,
        @JsonProperty("Ingress") boolean ingress,
        @JsonProperty("ConfigOnly") boolean configOnly,
        @JsonProperty("IPAM") NetworkIpam ipam,
        @JsonProperty("EnableIPv6") Boolean enableIpv6,
        @JsonProperty("Options") Map<String, String> options,
        @JsonProperty("Labels") Map<String, String> labels,
        @JsonProperty("CheckDuplicate") Boolean checkDuplicate) {}
