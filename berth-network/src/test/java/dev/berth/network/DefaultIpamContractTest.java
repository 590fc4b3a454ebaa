package dev.berth.network;

import dev.berth.core.network.IpamDriver;
import dev.berth.core.network.Ipv4Cidr;
import dev.berth.testkit.IpamDriverContract;
import java.util.List;

/** The built-in IPAM against the contract that IPAM plugins run too. */
class DefaultIpamContractTest extends IpamDriverContract {
    private final DefaultIpam ipam = new DefaultIpam(List.of(), List::of);

    @Override protected IpamDriver driver() { return ipam; }

    @Override protected Ipv4Cidr subnet() { return Ipv4Cidr.parse("10.123.45.0/24"); }
}
