package dev.berth.core.network;

import java.util.Map;

/**
 * An IPAM driver, modelled on libnetwork's IPAM plugin protocol ({@code /IpamDriver.RequestPool} …).
 *
 * <p><b>Lifecycle.</b> A network requests one pool, then its gateway address (with
 * {@link #GATEWAY_OPTION}), then one address per endpoint; it releases them in reverse. On daemon
 * start the service requests each stored pool and address again, by value, so a driver needs no
 * persistence of its own.
 *
 * <p><b>Threading.</b> May be called from several threads; implementations synchronise.
 *
 * <p><b>Errors.</b> {@code Conflict} for an address or pool already taken, {@code Unavailable}
 * when nothing is left, {@code InvalidArgument} for malformed requests.
 */
public interface IpamDriver {
    /** libnetwork's request option marking a gateway request. */
    String GATEWAY_OPTION = "RequestAddressType";
    String GATEWAY_VALUE = "com.docker.network.gateway";

    record AddressSpaces(String local, String global) {}

    AddressSpaces defaultAddressSpaces();

    /** An allocated pool; {@code poolId} names it in later calls. */
    record Pool(String poolId, Ipv4Cidr pool) {}

    /**
     * Allocates {@code pool} (a CIDR) or, when null, the next free default pool. {@code subPool}
     * (nullable) restricts where addresses are handed out (docker's {@code --ip-range}).
     */
    Pool requestPool(String addressSpace, String pool, String subPool, Map<String, String> options);

    void releasePool(String poolId);

    /**
     * Allocates {@code address} (plain dotted quad) or, when null, the next free one; returns it
     * with the pool's prefix.
     */
    Ipv4Cidr requestAddress(String poolId, String address, Map<String, String> options);

    void releaseAddress(String poolId, String address);
}
