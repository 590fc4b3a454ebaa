package dev.berth.core.network;

import java.util.List;
import java.util.Map;

/**
 * A network driver, modelled on libnetwork's remote driver protocol so that a plugin adapter can
 * implement it one call per endpoint ({@code /NetworkDriver.CreateNetwork} …).
 *
 * <p><b>Lifecycle.</b> {@code createNetwork} → ({@code createEndpoint} → {@code join} → {@code leave}
 * → {@code deleteEndpoint})* → {@code deleteNetwork}. {@code createNetwork} is also called on daemon
 * start for every stored network ({@code restore = true}) and must then adopt what already exists
 * (a bridge left from before) rather than fail. {@code release} tears a network's host plumbing
 * down at shutdown without forgetting it.
 *
 * <p><b>Threading.</b> The service serialises calls per network; different networks may be driven
 * concurrently, so shared host state (iptables chains) must be guarded by the driver.
 *
 * <p><b>Errors.</b> {@link dev.berth.common.error.BerthException} kinds; a failed call must leave
 * nothing half-configured (undo what it did before throwing).
 */
public interface NetworkDriver {

    /** The driver's name as clients give it ({@code bridge}, a plugin's name …). */
    String name();

    /** {@code local} or {@code global}: the network's {@code Scope} (a plugin tells in GetCapabilities). */
    default String scope() { return "local"; }

    /**
     * What the service hands the driver for a network.
     *
     * @param subnet  the pool IPAM allocated
     * @param gateway the gateway address with the pool's prefix
     * @param options the network's {@code Options}, as the client gave them
     */
    record NetworkSpec(String networkId, String name, Ipv4Cidr subnet, Ipv4Cidr gateway, boolean internal,
                       Map<String, String> options, Map<String, String> labels) {
        public NetworkSpec {
            options = options == null ? Map.of() : Map.copyOf(options);
            labels = labels == null ? Map.of() : Map.copyOf(labels);
        }
    }

    void createNetwork(NetworkSpec spec, boolean restore);

    /** Removes the network's host plumbing; the network is gone for good. */
    void deleteNetwork(String networkId);

    /** Removes the network's host plumbing at shutdown; a later {@code createNetwork(…, true)} recreates it. */
    default void release(String networkId) { deleteNetwork(networkId); }

    /** The interface an endpoint gets; {@code macAddress} may be null (the driver picks one). */
    record EndpointInterface(Ipv4Cidr address, String macAddress) {}

    EndpointInterface createEndpoint(String networkId, String endpointId, EndpointInterface requested);

    void deleteEndpoint(String networkId, String endpointId);

    /** A route the container gets besides its default route; {@code nextHop} null: on-link (libnetwork's CONNECTED). */
    record StaticRoute(Ipv4Cidr destination, String nextHop) {}

    /**
     * The result of a join.
     *
     * @param interfaceName the interface's name inside the sandbox (a remote driver: the {@code DstPrefix})
     * @param gateway       the default gateway the container was given (null when the network is internal)
     * @param srcName       null when the driver configured the sandbox itself (the bridge driver); else
     *                      the host interface a remote driver created, which the service moves into the
     *                      sandbox through {@link NetworkSandboxes} with address, gateway and routes
     */
    record JoinInfo(String interfaceName, String gateway, List<StaticRoute> staticRoutes, String srcName) {
        public JoinInfo {
            staticRoutes = staticRoutes == null ? List.of() : List.copyOf(staticRoutes);
        }

        public JoinInfo(String interfaceName, String gateway, List<StaticRoute> staticRoutes) {
            this(interfaceName, gateway, staticRoutes, null);
        }
    }

    /**
     * Puts the endpoint into the sandbox (a network namespace file). {@code ifName} is the name it
     * must have inside ({@code eth0} for the first network); {@code defaultGateway} whether this
     * network provides the container's default route.
     */
    JoinInfo join(String networkId, String endpointId, String sandboxKey, String ifName, boolean defaultGateway);

    void leave(String networkId, String endpointId);

    /** One published port after the driver chose what was left open ({@code hostPort} 0 → ephemeral). */
    default List<PortBinding> programExternalConnectivity(String networkId, String endpointId, Ipv4Cidr containerIp,
                                                         List<PortBinding> bindings) {
        if (bindings.isEmpty()) return List.of();
        throw new dev.berth.common.error.BerthException.NotImplemented("driver " + name() + " does not publish ports");
    }

    default void revokeExternalConnectivity(String networkId, String endpointId) {}
}
