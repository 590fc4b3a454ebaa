package dev.berth.plugins.sdk;

import java.util.Map;

/**
 * An IPAM plugin written in Java (libnetwork's IPAM protocol): implement this and serve it with
 * {@code PluginServer.serve(socket, Subsystem.ipam(plugin))}. Pools and addresses are CIDRs.
 *
 * <p>A gateway request carries {@code RequestAddressType=com.docker.network.gateway} in its
 * options. Threading and errors as {@link NetworkPlugin}.
 */
public interface IpamPlugin {
    String GATEWAY_OPTION = "RequestAddressType";
    String GATEWAY_VALUE = "com.docker.network.gateway";

    default String localAddressSpace() { return "LocalDefault"; }

    default String globalAddressSpace() { return "GlobalDefault"; }

    default boolean requiresMacAddress() { return false; }

    /** Whether the engine must request every pool and address again after it restarts. */
    default boolean requiresRequestReplay() { return false; }

    /** An allocated pool: its id for later calls and the subnet as a CIDR. */
    record Pool(String poolId, String pool) {}

    /**
     * @param pool    the subnet asked for, or empty for "choose one"
     * @param subPool where addresses are to come from (empty: the whole pool)
     */
    Pool requestPool(String addressSpace, String pool, String subPool, Map<String, String> options, boolean v6);

    void releasePool(String poolId);

    /** @param address the address asked for, or empty for "the next free one"; returns it as a CIDR */
    String requestAddress(String poolId, String address, Map<String, String> options);

    void releaseAddress(String poolId, String address);
}
