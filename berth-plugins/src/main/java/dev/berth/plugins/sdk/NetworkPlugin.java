package dev.berth.plugins.sdk;

import java.util.List;
import java.util.Map;

/**
 * A network driver plugin written in Java (libnetwork's remote driver protocol): implement this
 * and serve it with {@code PluginServer.serve(socket, Subsystem.network(plugin))}.
 *
 * <p><b>What the engine expects.</b> {@link #createEndpoint} (or {@link #join}) creates an
 * interface on the host; {@link #join} names it ({@code srcName}) and gives the prefix of its
 * name inside the container ({@code dstPrefix}, e.g. {@code eth}); the engine moves it into the
 * container's namespace, renames it, and sets the address IPAM gave, the gateway and the routes.
 * {@link #deleteEndpoint} removes what {@code createEndpoint} made.
 *
 * <p><b>Threading.</b> Called concurrently, one virtual thread per connection; synchronise your
 * state. <b>Errors.</b> Throw any exception: its message reaches the engine as {@code Err}.
 */
public interface NetworkPlugin {

    /** {@code local} or {@code global}. */
    default String scope() { return "local"; }

    /**
     * One IPv4 pool of a network, as IPAM allocated it.
     *
     * @param pool    the subnet, a CIDR
     * @param gateway the gateway with the pool's prefix, e.g. {@code 10.1.0.1/24}
     */
    record Pool(String addressSpace, String pool, String gateway, Map<String, String> auxAddresses) {}

    /**
     * @param options libnetwork's options: {@code com.docker.network.generic} holds the user's
     *                {@code -o} options as a map, {@code com.docker.network.enable_ipv6} a boolean
     */
    void createNetwork(String networkId, Map<String, Object> options, List<Pool> ipv4);

    void deleteNetwork(String networkId);

    /**
     * An endpoint's interface: {@code address} a CIDR, {@code macAddress} may be null. In a reply,
     * null fields mean "as requested".
     */
    record Interface(String address, String macAddress) {}

    /** Prepares the endpoint; returns what the plugin chose ({@code null}: nothing, keep what was requested). */
    Interface createEndpoint(String networkId, String endpointId, Interface requested, Map<String, Object> options);

    void deleteEndpoint(String networkId, String endpointId);

    /** Driver-specific details of an endpoint, shown by engines that ask. */
    default Map<String, Object> endpointInfo(String networkId, String endpointId) { return Map.of(); }

    /**
     * A route the container gets: {@code nextHop} null means on-link.
     *
     * @param destination a CIDR
     */
    record Route(String destination, String nextHop) {}

    /**
     * The result of a join.
     *
     * @param srcName   the host interface to move into the container
     * @param dstPrefix its name prefix inside (the engine appends a number)
     * @param gateway   the default gateway (a plain address), or null for none
     */
    record Join(String srcName, String dstPrefix, String gateway, List<Route> staticRoutes) {
        public Join {
            staticRoutes = staticRoutes == null ? List.of() : List.copyOf(staticRoutes);
        }
    }

    Join join(String networkId, String endpointId, String sandboxKey, Map<String, Object> options);

    void leave(String networkId, String endpointId);

    /** {@code options} holds {@code com.docker.network.portmap} (a list of port bindings) when ports are published. */
    default void programExternalConnectivity(String networkId, String endpointId, Map<String, Object> options) {}

    default void revokeExternalConnectivity(String networkId, String endpointId) {}
}
