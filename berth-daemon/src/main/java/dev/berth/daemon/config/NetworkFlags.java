package dev.berth.daemon.config;

import java.util.List;

/** The networking flags of the command line; null means "flag not given". */
public record NetworkFlags(String bridge, String bip, String fixedCidr, Integer mtu, List<String> defaultAddressPools,
                           Boolean iptables, Boolean ipForward, Boolean icc) {
    public static final NetworkFlags NONE = new NetworkFlags(null, null, null, null, null, null, null, null);
}
