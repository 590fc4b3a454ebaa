package dev.berth.api.types;

import java.util.Map;

/**
 * {@code POST /containers/create}: Docker sends the container {@code Config} fields at the top
 * level next to {@code HostConfig} and {@code NetworkingConfig}. Jackson cannot unwrap into a
 * record's creator, so the route decodes the body in two passes and builds this.
 */
public record ContainerCreateRequest(ContainerConfig config, HostConfig hostConfig, Map<String, Object> networkingConfig) {}
