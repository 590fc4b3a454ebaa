package dev.berth.plugins;

import dev.berth.common.error.BerthException;
import dev.berth.core.network.Ipv4Cidr;
import dev.berth.core.network.NetworkDriver;
import dev.berth.core.network.PortBinding;
import dev.berth.plugins.protocol.NetworkDriverMessages;
import dev.berth.plugins.protocol.NetworkDriverMessages.CapabilitiesReply;
import dev.berth.plugins.protocol.NetworkDriverMessages.CreateEndpointReply;
import dev.berth.plugins.protocol.NetworkDriverMessages.CreateEndpointRequest;
import dev.berth.plugins.protocol.NetworkDriverMessages.CreateNetworkRequest;
import dev.berth.plugins.protocol.NetworkDriverMessages.EndpointInfoReply;
import dev.berth.plugins.protocol.NetworkDriverMessages.EndpointRequest;
import dev.berth.plugins.protocol.NetworkDriverMessages.ExternalConnectivityRequest;
import dev.berth.plugins.protocol.NetworkDriverMessages.IpamData;
import dev.berth.plugins.protocol.NetworkDriverMessages.JoinReply;
import dev.berth.plugins.protocol.NetworkDriverMessages.JoinRequest;
import dev.berth.plugins.protocol.NetworkDriverMessages.NetworkRequest;
import dev.berth.plugins.protocol.NetworkDriverMessages.PortMapping;
import dev.berth.plugins.protocol.NetworkDriverMessages.Reply;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * A {@link NetworkDriver} served by a plugin over libnetwork's remote driver protocol. One HTTP
 * call per SPI method; the plugin creates the endpoint's interface on the host and names it in
 * its Join reply ({@code SrcName}), and the network service moves it into the container (see
 * {@link dev.berth.core.network.NetworkSandboxes}). Plugins keep their own state: a restore or a
 * shutdown calls nothing. Optional calls a plugin does not implement (404) are skipped, as
 * libnetwork skips them. Errors follow {@link PluginClient}.
 */
public final class RemoteNetworkDriver implements NetworkDriver {
    private final PluginClient client;
    private volatile CapabilitiesReply capabilities;

    /** @param client an activated client of a plugin that implements {@code NetworkDriver} */
    public RemoteNetworkDriver(PluginClient client) {
        this.client = client;
    }

    @Override public String name() { return client.name(); }

    /** From GetCapabilities, asked once; {@code local} when the plugin does not say. */
    @Override
    public String scope() {
        CapabilitiesReply c = capabilities;
        if (c == null) {
            c = call("GetCapabilities", Map.of(), CapabilitiesReply.class, CapabilitiesReply::err, client.timeouts().shortCall());
            capabilities = c;
        }
        return c.scope() == null || c.scope().isEmpty() ? "local" : c.scope();
    }

    @Override
    public void createNetwork(NetworkSpec spec, boolean restore) {
        if (restore) return; // the plugin still has it: libnetwork does not create remote networks again either
        Map<String, Object> options = new LinkedHashMap<>();
        options.put(NetworkDriverMessages.ENABLE_IPV6, false);
        options.put(NetworkDriverMessages.GENERIC_OPTIONS, spec.options());
        var ipv4 = new IpamData(null, spec.subnet().toString(), spec.gateway().toString(), Map.of());
        change("CreateNetwork", new CreateNetworkRequest(spec.networkId(), options, List.of(ipv4), List.of()));
    }

    @Override
    public void deleteNetwork(String networkId) {
        change("DeleteNetwork", new NetworkRequest(networkId));
    }

    /** At shutdown the plugin keeps its network: it serves it again when berthd is back. */
    @Override
    public void release(String networkId) {}

    @Override
    public EndpointInterface createEndpoint(String networkId, String endpointId, EndpointInterface requested) {
        var itf = new NetworkDriverMessages.EndpointInterface(requested.address() == null ? null : requested.address().toString(),
            null, requested.macAddress());
        CreateEndpointReply reply = call("CreateEndpoint", new CreateEndpointRequest(networkId, endpointId, itf, Map.of()),
            CreateEndpointReply.class, CreateEndpointReply::err, client.timeouts().longCall());
        var given = reply.endpointInterface();
        if (given == null) return requested;
        if (given.address() != null && !given.address().isEmpty() && requested.address() != null
                && !Ipv4Cidr.parse(given.address()).equals(requested.address())) {
            throw client.failure("NetworkDriver.CreateEndpoint", "driver modified the interface address "
                + requested.address() + " to " + given.address());
        }
        String mac = given.macAddress() == null || given.macAddress().isEmpty() ? requested.macAddress() : given.macAddress();
        return new EndpointInterface(requested.address(), mac);
    }

    @Override
    public void deleteEndpoint(String networkId, String endpointId) {
        change("DeleteEndpoint", new EndpointRequest(networkId, endpointId));
    }

    /** {@code EndpointOperInfo}: what the plugin says about an endpoint (empty when it does not implement it). */
    public Map<String, Object> endpointOperInfo(String networkId, String endpointId) {
        try {
            EndpointInfoReply r = call("EndpointOperInfo", new EndpointRequest(networkId, endpointId), EndpointInfoReply.class,
                EndpointInfoReply::err, client.timeouts().shortCall());
            return r.value() == null ? Map.of() : r.value();
        } catch (BerthException.NotImplemented e) {
            return Map.of();
        }
    }

    /**
     * The interface the plugin made ({@code SrcName}) and its name prefix inside; {@code ifName}
     * is not sent (libnetwork does not), the service appends the index to {@code DstPrefix}.
     */
    @Override
    public JoinInfo join(String networkId, String endpointId, String sandboxKey, String ifName, boolean defaultGateway) {
        JoinReply r = call("Join", new JoinRequest(networkId, endpointId, sandboxKey, Map.of()), JoinReply.class, JoinReply::err,
            client.timeouts().longCall());
        var name = r.interfaceName();
        if (name == null || name.srcName() == null || name.srcName().isEmpty() || name.dstPrefix() == null || name.dstPrefix().isEmpty()) {
            throw client.failure("NetworkDriver.Join", "no interface name (SrcName and DstPrefix) in the reply");
        }
        List<StaticRoute> routes = new ArrayList<>();
        if (r.staticRoutes() != null) {
            for (var route : r.staticRoutes()) {
                boolean connected = route.routeType() == NetworkDriverMessages.ROUTE_CONNECTED;
                routes.add(new StaticRoute(Ipv4Cidr.parse(route.destination()), connected ? null : route.nextHop()));
            }
        }
        String gateway = r.gateway() == null || r.gateway().isEmpty() ? null : r.gateway();
        return new JoinInfo(name.dstPrefix(), gateway, routes, name.srcName());
    }

    @Override
    public void leave(String networkId, String endpointId) {
        change("Leave", new EndpointRequest(networkId, endpointId));
    }

    /** Sends the port map; the plugin decides what to do with it, so the bindings come back as asked. */
    @Override
    public List<PortBinding> programExternalConnectivity(String networkId, String endpointId, Ipv4Cidr containerIp,
                                                        List<PortBinding> bindings) {
        List<PortMapping> map = bindings.stream().map(b -> new PortMapping(protocolNumber(b.protocol()), containerIp.addressText(),
            b.containerPort(), b.hostIp(), b.hostPort(), b.hostPortEnd())).toList();
        Map<String, Object> options = Map.of(NetworkDriverMessages.PORT_MAP, map);
        optional("ProgramExternalConnectivity", new ExternalConnectivityRequest(networkId, endpointId, options));
        return bindings;
    }

    @Override
    public void revokeExternalConnectivity(String networkId, String endpointId) {
        optional("RevokeExternalConnectivity", new EndpointRequest(networkId, endpointId));
    }

    private static int protocolNumber(String protocol) {
        return switch (protocol) {
            case "udp" -> 17;
            case "sctp" -> 132;
            default -> 6;
        };
    }

    private void optional(String method, Object request) {
        try {
            change(method, request);
        } catch (BerthException.NotImplemented e) {
            // libnetwork treats a plugin without this call as having nothing to do
        }
    }

    private void change(String method, Object request) {
        call(method, request, Reply.class, Reply::err, client.timeouts().longCall());
    }

    private <T> T call(String method, Object request, Class<T> type, Function<T, String> err, Duration timeout) {
        return client.callChecked(NetworkDriverMessages.SUBSYSTEM + "." + method, request, type, err, timeout);
    }
}
