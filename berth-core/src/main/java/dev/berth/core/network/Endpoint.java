package dev.berth.core.network;

import java.util.List;

/**
 * One container's attachment to one network.
 *
 * @param address   the container's address with the network's prefix, e.g. 172.18.0.2/16 (null on host/none)
 * @param ifName    the interface name inside the container's network namespace (eth0, eth1 …)
 * @param netnsPath the container's network namespace (a /proc/&lt;pid&gt;/ns/net or a bind-mounted file)
 * @param dnsServers the container's {@code --dns}, which the network's embedded DNS forwards its other queries to
 */
public record Endpoint(
        String id,
        String containerId,
        String containerName,
        Ipv4Cidr address,
        String macAddress,
        String ifName,
        String netnsPath,
        List<String> aliases,
        List<String> dnsServers) {

    public Endpoint {
        aliases = aliases == null ? List.of() : List.copyOf(aliases);
        dnsServers = dnsServers == null ? List.of() : List.copyOf(dnsServers);
    }
}
