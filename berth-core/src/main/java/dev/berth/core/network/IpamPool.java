package dev.berth.core.network;

import java.util.Map;

/**
 * One entry of a network's {@code IPAM.Config}, exactly as the client gave it (every field may be
 * null). Kept verbatim because docker-compose compares it with its own file to decide whether a
 * network must be recreated.
 */
public record IpamPool(String subnet, String ipRange, String gateway, Map<String, String> auxAddresses) {
    public IpamPool {
        auxAddresses = auxAddresses == null ? null : Map.copyOf(auxAddresses);
    }
}
