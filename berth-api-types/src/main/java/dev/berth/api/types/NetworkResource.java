package dev.berth.api.types;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.Map;

/** One network as {@code GET /networks} and {@code GET /networks/{id}} return it. */
public record NetworkResource(
        @JsonProperty("Name") String name,
        @JsonProperty("Id") String id,
        @JsonProperty("Created") String created,
        @JsonProperty("Scope") String scope,
        @JsonProperty("Driver") String driver,
        @JsonProperty("EnableIPv6") boolean enableIpv6,
        @JsonProperty("IPAM") NetworkIpam ipam,
        @JsonProperty("Internal") boolean internal,
        @JsonProperty("Attachable") boolean attachable,
        @JsonProperty("Ingress") boolean ingress,
        @JsonProperty("ConfigFrom") ConfigReference configFrom,
        @JsonProperty("ConfigOnly") boolean configOnly,
        @JsonProperty("Containers") Map<String, Endpoint> containers,
        @JsonProperty("Options") Map<String, String> options,
        @JsonProperty("Labels") Map<String, String> labels) {

    public record ConfigReference(@JsonProperty("Network") String network) {}

    /** A container's endpoint on the network. */
    public record Endpoint(
            @JsonProperty("Name") String name,
            @JsonProperty("EndpointID") String endpointId,
            @JsonProperty("MacAddress") String macAddress,
            @JsonProperty("IPv4Address") String ipv4Address,
            @JsonProperty("IPv6Address") String ipv6Address) {}
}
