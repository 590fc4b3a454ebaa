package dev.berth.api.types;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.Map;

/**
 * {@code POST /containers/create}: Docker sends the container {@code Config} fields at the top
 * level next to {@code HostConfig} and {@code NetworkingConfig}. Jackson cannot unwrap into a
 * record's creator, so the route decodes the body in two passes and builds this.
 *
 * @param macAddress the deprecated top-level {@code MacAddress} (API &lt; 1.44); null when absent
 */
public record ContainerCreateRequest(ContainerConfig config, HostConfig hostConfig, NetworkingConfig networkingConfig,
                                     String macAddress) {

    public ContainerCreateRequest(ContainerConfig config, HostConfig hostConfig, NetworkingConfig networkingConfig) {
        this(config, hostConfig, networkingConfig, null);
    }

    /** {@code NetworkingConfig}: the container's settings per network, keyed by the network's name or id. */
    public record NetworkingConfig(
            @JsonProperty("EndpointsConfig") Map<String, NetworkConnectRequest.EndpointConfig> endpointsConfig) {}
}
