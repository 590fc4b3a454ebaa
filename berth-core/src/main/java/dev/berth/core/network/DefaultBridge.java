package dev.berth.core.network;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The predefined {@code bridge} network as the daemon's config describes it ({@code bridge},
 * {@code bip}, {@code fixed-cidr}, {@code mtu}, {@code icc}).
 *
 * @param bip       the bridge's address with prefix (null: take the first free default pool)
 * @param fixedCidr where container addresses come from (null: the whole subnet)
 */
public record DefaultBridge(String bridgeName, Ipv4Cidr bip, Ipv4Cidr fixedCidr, int mtu, boolean icc) {
    public static final String DEFAULT_NAME = "berth0";

    /** dockerd's option keys for the default bridge, shown by {@code docker network inspect bridge}. */
    public Map<String, String> options() {
        Map<String, String> o = new LinkedHashMap<>();
        o.put("com.docker.network.bridge.default_bridge", "true");
        o.put("com.docker.network.bridge.enable_icc", Boolean.toString(icc));
        o.put("com.docker.network.bridge.enable_ip_masquerade", "true");
        o.put("com.docker.network.bridge.host_binding_ipv4", "0.0.0.0");
        o.put("com.docker.network.bridge.name", bridgeName);
        o.put("com.docker.network.driver.mtu", Integer.toString(mtu));
        return o;
    }
}
