package dev.berth.core.network;

import dev.berth.common.error.BerthException;
import dev.berth.core.network.LocalNetworkService.NetworkState;
import dev.berth.core.network.NetworkService.Attachment;
import dev.berth.core.network.NetworkService.NetworkSettingsRequest;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Container endpoints and published ports of a {@link LocalNetworkService}. Not thread-safe on its
 * own: every method runs under the service's lock.
 */
final class Attachments {
    private final LocalNetworkService service;

    Attachments(LocalNetworkService service) {
        this.service = service;
    }

    Attachment attach(String containerId, String containerName, String netnsPath, NetworkSettingsRequest r,
                      List<String> dnsServers) {
        NetworkState s = service.find(r.network());
        Network n = s.network;
        if (n.endpoints().stream().anyMatch(e -> e.containerId().equals(containerId))) {
            throw new BerthException.Forbidden("endpoint with name " + containerName + " already exists in network " + n.name());
        }
        if (n.marker()) return markerAttachment(s, containerId, containerName, r);
        // the lowest free ethN: after a disconnect the remaining interfaces keep their names
        java.util.Set<String> used = new java.util.HashSet<>();
        boolean gatewayTaken = false;
        for (NetworkState o : service.networks.values()) {
            for (Endpoint e : o.network.endpoints()) {
                if (!e.containerId().equals(containerId) || e.ifName() == null) continue;
                used.add(e.ifName());
                if (!o.network.internal()) gatewayTaken = true;
            }
        }
        int index = 0;
        while (used.contains("eth" + index)) index++;
        String ifName = "eth" + index;
        IpamDriver ipam = service.ipamOf(s);
        Ipv4Cidr address = ipam.requestAddress(s.pool.poolId(), emptyToNull(r.ipv4Address()), Map.of());
        String endpointId = service.newId();
        NetworkDriver driver = service.driver(n.driver());
        String mac = r.macAddress() == null || r.macAddress().isEmpty() ? macFor(address) : r.macAddress();
        // the default route goes through the first endpoint on a network with a way out (dockerd's
        // gateway endpoint): an internal network listed first (compose sorts by name) leaves it to the next
        boolean defaultGateway = !gatewayTaken && !n.internal();
        NetworkDriver.JoinInfo join;
        String inside;
        try {
            var itf = driver.createEndpoint(n.id(), endpointId, new NetworkDriver.EndpointInterface(address, mac));
            if (itf.macAddress() != null) mac = itf.macAddress();
            try {
                join = driver.join(n.id(), endpointId, netnsPath, ifName, defaultGateway);
                inside = join.srcName() == null ? join.interfaceName() : join.interfaceName() + index;
                if (join.srcName() != null) placeInSandbox(n, endpointId, netnsPath, join, inside, address, mac, defaultGateway);
            } catch (RuntimeException e) {
                driver.deleteEndpoint(n.id(), endpointId);
                throw e;
            }
        } catch (RuntimeException e) {
            ipam.releaseAddress(s.pool.poolId(), address.addressText());
            throw e;
        }
        Endpoint endpoint = new Endpoint(endpointId, containerId, containerName, address, mac, inside,
            netnsPath, r.aliases(), dnsServers);
        List<Endpoint> endpoints = new ArrayList<>(n.endpoints());
        endpoints.add(endpoint);
        s.network = n.withEndpoints(endpoints);
        service.save(s);
        connected(n, containerId, "connect");
        // an internal network is no way out, so it publishes no ports (as in of())
        return attachment(s.network, endpoint, shownGateway(n, join.gateway()), !n.internal() && join.gateway() != null);
    }

    /**
     * A remote driver created {@code SrcName} on the host: move it in as {@code DstPrefix + index}
     * and configure it, as libnetwork does for plugins. Undone with a Leave if it fails.
     */
    private void placeInSandbox(Network n, String endpointId, String netnsPath, NetworkDriver.JoinInfo join, String inside,
                                Ipv4Cidr address, String mac, boolean defaultGateway) {
        try {
            service.sandboxes.place(new NetworkSandboxes.Placement(netnsPath, join.srcName(), inside, address, mac,
                defaultGateway ? join.gateway() : null, join.staticRoutes()));
        } catch (RuntimeException e) {
            service.driver(n.driver()).leave(n.id(), endpointId);
            throw e;
        }
    }

    private Attachment markerAttachment(NetworkState s, String containerId, String containerName, NetworkSettingsRequest r) {
        Endpoint endpoint = new Endpoint(service.newId(), containerId, containerName, null, null, null, null, r.aliases(), List.of());
        List<Endpoint> endpoints = new ArrayList<>(s.network.endpoints());
        endpoints.add(endpoint);
        s.network = s.network.withEndpoints(endpoints);
        service.save(s);
        connected(s.network, containerId, "connect");
        return attachment(s.network, endpoint, null, false);
    }

    /** Docker's historical MAC scheme: 02:42 followed by the IPv4 address, unique within a network. */
    static String macFor(Ipv4Cidr address) {
        int a = address.address();
        return "02:42:%02x:%02x:%02x:%02x".formatted((a >>> 24) & 0xff, (a >>> 16) & 0xff, (a >>> 8) & 0xff, a & 0xff);
    }

    private static Attachment attachment(Network n, Endpoint e, String gateway, boolean wayOut) {
        return new Attachment(n.id(), n.name(), e.id(), e.address(), gateway, e.macAddress(), e.ifName(), e.aliases(), wayOut);
    }

    /**
     * dockerd shows the network's gateway on every endpoint, also on internal networks and on those
     * that did not get the default route; a plugin network without IPAM gateway shows the driver's.
     */
    private static String shownGateway(Network n, String joined) {
        return n.gateway() != null ? n.gateway().addressText() : joined;
    }

    void detach(String containerId, String network) {
        NetworkState s;
        try {
            s = service.find(network);
        } catch (BerthException.NotFound e) {
            return;
        }
        Endpoint e = s.network.endpoints().stream().filter(x -> x.containerId().equals(containerId)).findFirst().orElse(null);
        if (e == null) return;
        Network n = s.network;
        if (!n.marker()) {
            NetworkDriver driver = service.driver(n.driver());
            if (s.published.remove(e.id()) != null) driver.revokeExternalConnectivity(n.id(), e.id());
            driver.leave(n.id(), e.id());
            driver.deleteEndpoint(n.id(), e.id());
            service.ipamOf(s).releaseAddress(s.pool.poolId(), e.address().addressText());
        }
        s.network = n.withEndpoints(n.endpoints().stream().filter(x -> !x.id().equals(e.id())).toList());
        service.save(s);
        connected(n, containerId, "disconnect");
    }

    void detachAll(String containerId) {
        for (NetworkState s : List.copyOf(service.networks.values())) detach(containerId, s.network.id());
    }

    List<Attachment> of(String containerId) {
        List<Attachment> out = new ArrayList<>();
        for (NetworkState s : service.networks.values()) {
            for (Endpoint e : s.network.endpoints()) {
                if (!e.containerId().equals(containerId)) continue;
                String gateway = s.network.gateway() == null ? null : s.network.gateway().addressText();
                out.add(attachment(s.network, e, gateway, gateway != null && !s.network.internal()));
            }
        }
        return out;
    }

    List<PortBinding> publish(String containerId, String containerIp, List<PortBinding> bindings) {
        for (NetworkState s : service.networks.values()) {
            for (Endpoint e : s.network.endpoints()) {
                if (!e.containerId().equals(containerId) || e.address() == null || !e.address().addressText().equals(containerIp)) continue;
                if (s.published.containsKey(e.id())) {
                    throw new BerthException.Conflict("container " + containerId + " already published ports on " + containerIp);
                }
                List<PortBinding> actual = service.driver(s.network.driver())
                    .programExternalConnectivity(s.network.id(), e.id(), e.address(), bindings);
                s.published.put(e.id(), actual);
                service.save(s);
                return actual;
            }
        }
        throw new BerthException.NotFound("container " + containerId + " has no endpoint with address " + containerIp);
    }

    void unpublish(String containerId) {
        for (NetworkState s : service.networks.values()) {
            for (Endpoint e : s.network.endpoints()) {
                if (e.containerId().equals(containerId) && s.published.remove(e.id()) != null) {
                    service.driver(s.network.driver()).revokeExternalConnectivity(s.network.id(), e.id());
                    service.save(s);
                }
            }
        }
    }

    List<PortBinding> published(String containerId) {
        List<PortBinding> out = new ArrayList<>();
        for (NetworkState s : service.networks.values()) {
            for (Endpoint e : s.network.endpoints()) {
                if (e.containerId().equals(containerId)) out.addAll(s.published.getOrDefault(e.id(), List.of()));
            }
        }
        return out;
    }

    private void connected(Network n, String containerId, String action) {
        service.events.publish("network", action, n.id(), Map.of("container", containerId, "name", n.name(), "type", n.driver()));
    }

    private static String emptyToNull(String s) { return s == null || s.isEmpty() ? null : s; }
}
