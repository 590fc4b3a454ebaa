package dev.berth.daemon.config;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;

/**
 * The networking keys of {@code daemon.json}, as dockerd names them. Kept apart from
 * {@link DaemonConfigFile} so networking settings evolve on their own; null means "not in the file".
 */
public record NetworkConfigFile(
        @JsonProperty("bridge") String bridge,
        @JsonProperty("bip") String bip,
        @JsonProperty("fixed-cidr") String fixedCidr,
        @JsonProperty("mtu") Integer mtu,
        @JsonProperty("default-address-pools") List<Pool> defaultAddressPools,
        @JsonProperty("iptables") Boolean iptables,
        @JsonProperty("ip-forward") Boolean ipForward,
        @JsonProperty("icc") Boolean icc,
        /* Berth only: the name prefix of Berth's iptables chains, so several engines (or tests) can share a host. */
        @JsonProperty("iptables-chain-prefix") String iptablesChainPrefix) {

    public static final NetworkConfigFile EMPTY = new NetworkConfigFile(null, null, null, null, null, null, null, null, null);

    /** {@code {"base": "172.30.0.0/16", "size": 24}} */
    public record Pool(@JsonProperty("base") String base, @JsonProperty("size") Integer size) {}
}
