package dev.berth.api.types;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;

/** The body of {@code POST /networks/{id}/connect}. */
public record NetworkConnectRequest(
        @JsonProperty("Container") String container,
        @JsonProperty("EndpointConfig") EndpointConfig endpointConfig) {

    public record EndpointConfig(
            @JsonProperty("IPAMConfig") IpamAddresses ipamConfig,
            @JsonProperty("Aliases") List<String> aliases,
            @JsonProperty("MacAddress") String macAddress) {}

    public record IpamAddresses(@JsonProperty("IPv4Address") String ipv4Address, @JsonProperty("IPv6Address") String ipv6Address) {}
}
