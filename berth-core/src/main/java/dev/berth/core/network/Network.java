package dev.berth.core.network;

import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A network as the API shows it. {@code labels}, {@code options} and {@code ipam} are echoed back
 * exactly as the client sent them (order kept, null kept), because compose compares them.
 *
 * @param driver    {@code bridge}, {@code host}, {@code null} (the {@code none} network) or a plugin's name
 * @param subnet    what IPAM allocated for the network (null for host/none)
 * @param gateway   the gateway address IPAM handed out, as a CIDR (null for host/none)
 * @param bridge    the host bridge device (bridge driver only; null otherwise)
 * @param endpoints the containers attached, by endpoint
 */
public record Network(
        String id,
        String name,
        String driver,
        String scope,
        Instant created,
        IpamConfig ipam,
        boolean internal,
        boolean attachable,
        boolean ingress,
        boolean enableIpv6,
        Map<String, String> labels,
        Map<String, String> options,
        Ipv4Cidr subnet,
        Ipv4Cidr gateway,
        List<Endpoint> endpoints) {

    public static final String BRIDGE = "bridge";
    public static final String HOST = "host";
    public static final String NONE = "none";
    /** The predefined networks: they cannot be created or removed by clients. */
    public static final List<String> PREDEFINED = List.of(BRIDGE, HOST, NONE);

    public Network {
        labels = ordered(labels);
        options = ordered(options);
        endpoints = endpoints == null ? List.of() : List.copyOf(endpoints);
    }

    private static Map<String, String> ordered(Map<String, String> m) {
        return m == null ? null : Collections.unmodifiableMap(new LinkedHashMap<>(m));
    }

    public boolean predefined() { return PREDEFINED.contains(name); }

    /** True for {@code host} and {@code none}: markers that own no device, address or rule. */
    public boolean marker() { return driver.equals(HOST) || driver.equals("null"); }

    public Network withEndpoints(List<Endpoint> newEndpoints) {
        return new Network(id, name, driver, scope, created, ipam, internal, attachable, ingress, enableIpv6,
            labels, options, subnet, gateway, newEndpoints);
    }

    public String shortId() { return id.substring(0, Math.min(12, id.length())); }
}
