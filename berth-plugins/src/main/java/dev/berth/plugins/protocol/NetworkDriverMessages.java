package dev.berth.plugins.protocol;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;
import java.util.Map;

/**
 * The JSON bodies of libnetwork's remote driver protocol ({@code /NetworkDriver.*}), field for
 * field as libnetwork's {@code drivers/remote/api} types. Every reply may carry {@code Err}.
 * Addresses are CIDR strings ({@code 10.0.0.2/24}), gateways in {@code IPv4Data} too.
 */
public final class NetworkDriverMessages {
    private NetworkDriverMessages() {}

    public static final String SUBSYSTEM = "NetworkDriver";
    /** libnetwork's option keys inside {@code CreateNetwork}'s and {@code Join}'s {@code Options}. */
    public static final String GENERIC_OPTIONS = "com.docker.network.generic";
    public static final String ENABLE_IPV6 = "com.docker.network.enable_ipv6";
    public static final String PORT_MAP = "com.docker.network.portmap";
    public static final String EXPOSED_PORTS = "com.docker.network.endpoint.exposedports";
    /** {@code StaticRoute.RouteType}: through {@code NextHop}, or on-link. */
    public static final int ROUTE_NEXTHOP = 0;
    public static final int ROUTE_CONNECTED = 1;

    /** The reply of calls that return nothing but a possible error. */
    public record Reply(@JsonProperty("Err") String err) {
        public static final Reply OK = new Reply(null);
    }

    public record CapabilitiesReply(@JsonProperty("Scope") String scope, @JsonProperty("ConnectivityScope") String connectivityScope,
                                    @JsonProperty("Err") String err) {}

    public record IpamData(@JsonProperty("AddressSpace") String addressSpace, @JsonProperty("Pool") String pool,
                           @JsonProperty("Gateway") String gateway, @JsonProperty("AuxAddresses") Map<String, String> auxAddresses) {}

    public record CreateNetworkRequest(@JsonProperty("NetworkID") String networkId, @JsonProperty("Options") Map<String, Object> options,
                                       @JsonProperty("IPv4Data") List<IpamData> ipv4Data, @JsonProperty("IPv6Data") List<IpamData> ipv6Data) {}

    /** DeleteNetwork, and the global-scope AllocateNetwork/FreeNetwork. */
    public record NetworkRequest(@JsonProperty("NetworkID") String networkId) {}

    public record EndpointInterface(@JsonProperty("Address") String address, @JsonProperty("AddressIPv6") String addressIpv6,
                                    @JsonProperty("MacAddress") String macAddress) {}

    public record CreateEndpointRequest(@JsonProperty("NetworkID") String networkId, @JsonProperty("EndpointID") String endpointId,
                                        @JsonProperty("Interface") EndpointInterface endpointInterface,
                                        @JsonProperty("Options") Map<String, Object> options) {}

    public record CreateEndpointReply(@JsonProperty("Interface") EndpointInterface endpointInterface, @JsonProperty("Err") String err) {}

    /** DeleteEndpoint, EndpointOperInfo, Leave, RevokeExternalConnectivity. */
    public record EndpointRequest(@JsonProperty("NetworkID") String networkId, @JsonProperty("EndpointID") String endpointId) {}

    public record EndpointInfoReply(@JsonProperty("Value") Map<String, Object> value, @JsonProperty("Err") String err) {}

    public record JoinRequest(@JsonProperty("NetworkID") String networkId, @JsonProperty("EndpointID") String endpointId,
                              @JsonProperty("SandboxKey") String sandboxKey, @JsonProperty("Options") Map<String, Object> options) {}

    public record InterfaceName(@JsonProperty("SrcName") String srcName, @JsonProperty("DstPrefix") String dstPrefix) {}

    public record StaticRoute(@JsonProperty("Destination") String destination, @JsonProperty("RouteType") int routeType,
                              @JsonProperty("NextHop") String nextHop) {}

    public record JoinReply(@JsonProperty("InterfaceName") InterfaceName interfaceName, @JsonProperty("Gateway") String gateway,
                            @JsonProperty("GatewayIPv6") String gatewayIpv6, @JsonProperty("StaticRoutes") List<StaticRoute> staticRoutes,
                            @JsonProperty("DisableGatewayService") boolean disableGatewayService, @JsonProperty("Err") String err) {}

    public record ExternalConnectivityRequest(@JsonProperty("NetworkID") String networkId, @JsonProperty("EndpointID") String endpointId,
                                              @JsonProperty("Options") Map<String, Object> options) {}

    /** One entry of {@code com.docker.network.portmap}: Go's {@code types.PortBinding}, {@code Proto} 6 (tcp), 17 (udp), 132 (sctp). */
    public record PortMapping(@JsonProperty("Proto") int proto, @JsonProperty("IP") String ip, @JsonProperty("Port") int port,
                              @JsonProperty("HostIP") String hostIp, @JsonProperty("HostPort") int hostPort,
                              @JsonProperty("HostPortEnd") int hostPortEnd) {}

    public record DiscoveryNotification(@JsonProperty("DiscoveryType") int discoveryType,
                                        @JsonProperty("DiscoveryData") Object discoveryData) {}
}
