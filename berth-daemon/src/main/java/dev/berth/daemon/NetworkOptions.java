package dev.berth.daemon;

import dev.berth.daemon.config.NetworkFlags;
import java.util.List;
import picocli.CommandLine.Option;

/** berthd's networking flags, as dockerd's; a picocli mixin of {@link DaemonCommand}. */
final class NetworkOptions {
    @Option(names = {"-b", "--bridge"}, paramLabel = "NAME", description = "Device of the default bridge network, or none (default berth0)")
    String bridge;

    @Option(names = "--bip", paramLabel = "CIDR", description = "Address of the default bridge, e.g. 172.17.0.1/16")
    String bip;

    @Option(names = "--fixed-cidr", paramLabel = "CIDR", description = "Container addresses of the default bridge come from this range")
    String fixedCidr;

    @Option(names = "--mtu", paramLabel = "BYTES", description = "MTU of the default bridge and container interfaces (default 1500)")
    Integer mtu;

    @Option(names = "--default-address-pool", paramLabel = "base=CIDR,size=N", description = "Pools for new networks (repeatable)")
    List<String> defaultAddressPools;

    @Option(names = "--iptables", arity = "0..1", fallbackValue = "true", paramLabel = "BOOL", description = "Add iptables rules (default true)")
    Boolean iptables;

    @Option(names = "--ip-forward", arity = "0..1", fallbackValue = "true", paramLabel = "BOOL", description = "Turn on net.ipv4.ip_forward (default true)")
    Boolean ipForward;

    @Option(names = "--icc", arity = "0..1", fallbackValue = "true", paramLabel = "BOOL", description = "Allow traffic between containers of the default bridge (default true)")
    Boolean icc;

    NetworkFlags toFlags() {
        return new NetworkFlags(bridge, bip, fixedCidr, mtu, defaultAddressPools, iptables, ipForward, icc);
    }
}
