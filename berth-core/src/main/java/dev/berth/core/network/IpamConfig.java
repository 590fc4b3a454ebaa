package dev.berth.core.network;

import java.util.List;
import java.util.Map;

/**
 * A network's {@code IPAM} section. {@code config} holds what the client asked for, or what IPAM
 * chose when the client asked for nothing; {@code options} is echoed as given (null stays null).
 */
public record IpamConfig(String driver, List<IpamPool> config, Map<String, String> options) {
    public static final String DEFAULT_DRIVER = "default";

    public IpamConfig {
        if (driver == null || driver.isEmpty()) driver = DEFAULT_DRIVER;
        config = config == null ? List.of() : List.copyOf(config);
        options = options == null ? null : java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(options));
    }
}
