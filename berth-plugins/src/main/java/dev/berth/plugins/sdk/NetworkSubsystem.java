package dev.berth.plugins.sdk;

import dev.berth.plugins.protocol.NetworkDriverMessages;
import dev.berth.plugins.protocol.NetworkDriverMessages.CapabilitiesReply;
import dev.berth.plugins.protocol.NetworkDriverMessages.CreateEndpointReply;
import dev.berth.plugins.protocol.NetworkDriverMessages.CreateEndpointRequest;
import dev.berth.plugins.protocol.NetworkDriverMessages.CreateNetworkRequest;
import dev.berth.plugins.protocol.NetworkDriverMessages.EndpointInfoReply;
import dev.berth.plugins.protocol.NetworkDriverMessages.EndpointRequest;
import dev.berth.plugins.protocol.NetworkDriverMessages.ExternalConnectivityRequest;
import dev.berth.plugins.protocol.NetworkDriverMessages.JoinReply;
import dev.berth.plugins.protocol.NetworkDriverMessages.JoinRequest;
import dev.berth.plugins.protocol.NetworkDriverMessages.NetworkRequest;
import dev.berth.plugins.protocol.NetworkDriverMessages.Reply;
import java.util.List;
import java.util.Map;

/** {@code /NetworkDriver.*} for a {@link NetworkPlugin}; discovery and global-scope calls are acknowledged. */
final class NetworkSubsystem implements Subsystem {
    private final NetworkPlugin plugin;

    NetworkSubsystem(NetworkPlugin plugin) {
        this.plugin = plugin;
    }

    @Override public String name() { return NetworkDriverMessages.SUBSYSTEM; }

    @Override
    public Object handle(String method, byte[] body) {
        return switch (method) {
            case "GetCapabilities" -> new CapabilitiesReply(plugin.scope(), plugin.scope(), null);
            case "CreateNetwork" -> {
                var r = Bodies.decode(body, CreateNetworkRequest.class);
                List<NetworkPlugin.Pool> pools = r.ipv4Data() == null ? List.of() : r.ipv4Data().stream()
                    .map(d -> new NetworkPlugin.Pool(d.addressSpace(), d.pool(), d.gateway(),
                        d.auxAddresses() == null ? Map.of() : d.auxAddresses())).toList();
                plugin.createNetwork(r.networkId(), r.options() == null ? Map.of() : r.options(), pools);
                yield Reply.OK;
            }
            case "DeleteNetwork" -> {
                plugin.deleteNetwork(Bodies.decode(body, NetworkRequest.class).networkId());
                yield Reply.OK;
            }
            case "CreateEndpoint" -> createEndpoint(Bodies.decode(body, CreateEndpointRequest.class));
            case "DeleteEndpoint" -> {
                var r = Bodies.decode(body, EndpointRequest.class);
                plugin.deleteEndpoint(r.networkId(), r.endpointId());
                yield Reply.OK;
            }
            case "EndpointOperInfo" -> {
                var r = Bodies.decode(body, EndpointRequest.class);
                yield new EndpointInfoReply(plugin.endpointInfo(r.networkId(), r.endpointId()), null);
            }
            case "Join" -> join(Bodies.decode(body, JoinRequest.class));
            case "Leave" -> {
                var r = Bodies.decode(body, EndpointRequest.class);
                plugin.leave(r.networkId(), r.endpointId());
                yield Reply.OK;
            }
            case "ProgramExternalConnectivity" -> {
                var r = Bodies.decode(body, ExternalConnectivityRequest.class);
                plugin.programExternalConnectivity(r.networkId(), r.endpointId(), r.options() == null ? Map.of() : r.options());
                yield Reply.OK;
            }
            case "RevokeExternalConnectivity" -> {
                var r = Bodies.decode(body, EndpointRequest.class);
                plugin.revokeExternalConnectivity(r.networkId(), r.endpointId());
                yield Reply.OK;
            }
            // node discovery and swarm allocation: nothing for a local plugin to do, but engines call them
            case "DiscoverNew", "DiscoverDelete", "AllocateNetwork", "FreeNetwork" -> Reply.OK;
            default -> throw new UnknownMethod("/" + name() + "." + method);
        };
    }

    private Object createEndpoint(CreateEndpointRequest r) {
        var asked = r.endpointInterface();
        var requested = new NetworkPlugin.Interface(asked == null ? null : emptyToNull(asked.address()),
            asked == null ? null : emptyToNull(asked.macAddress()));
        NetworkPlugin.Interface chosen = plugin.createEndpoint(r.networkId(), r.endpointId(), requested,
            r.options() == null ? Map.of() : r.options());
        if (chosen == null || (chosen.address() == null && chosen.macAddress() == null)) return new CreateEndpointReply(null, null);
        // only what the engine did not give: libnetwork rejects a reply that changes a given address
        String address = requested.address() == null ? chosen.address() : null;
        String mac = requested.macAddress() == null ? chosen.macAddress() : null;
        if (address == null && mac == null) return new CreateEndpointReply(null, null);
        return new CreateEndpointReply(new NetworkDriverMessages.EndpointInterface(address, null, mac), null);
    }

    private Object join(JoinRequest r) {
        NetworkPlugin.Join j = plugin.join(r.networkId(), r.endpointId(), r.sandboxKey(), r.options() == null ? Map.of() : r.options());
        var routes = j.staticRoutes().stream().map(route -> route.nextHop() == null
            ? new NetworkDriverMessages.StaticRoute(route.destination(), NetworkDriverMessages.ROUTE_CONNECTED, null)
            : new NetworkDriverMessages.StaticRoute(route.destination(), NetworkDriverMessages.ROUTE_NEXTHOP, route.nextHop())).toList();
        return new JoinReply(new NetworkDriverMessages.InterfaceName(j.srcName(), j.dstPrefix()), j.gateway(), null,
            routes, false, null);
    }

    private static String emptyToNull(String s) { return s == null || s.isEmpty() ? null : s; }
}
