package dev.berth.api.mappers;

import dev.berth.api.types.ContainerInspect;
import dev.berth.core.container.Container;
import dev.berth.core.container.ContainerNetworkConfig;
import dev.berth.core.container.ContainerNetworkStatus;
import dev.berth.core.network.Network;
import dev.berth.core.network.NetworkService.Attachment;
import dev.berth.core.network.NetworkService.NetworkSettingsRequest;
import dev.berth.core.network.PortBinding;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** A container's networking on the wire: inspect's NetworkSettings and HostConfig parts, ps's Ports and Networks. */
final class ContainerNetworkViews {
    private ContainerNetworkViews() {}

    static ContainerInspect.NetworkSettings settings(Container c, ContainerNetworkStatus net) {
        Map<String, ContainerInspect.EndpointSettings> networks = networks(c, net);
        // the top-level fields describe the default bridge only, as in dockerd
        Attachment bridge = net.networks().stream()
            .filter(a -> a.networkName().equals(Network.BRIDGE) && a.address() != null).findFirst().orElse(null);
        return new ContainerInspect.NetworkSettings("", sandboxId(c, net), false, "", 0, ports(c, net), net.sandboxKey(),
            null, null, bridge == null ? "" : bridge.endpointId(), bridge == null ? "" : nz(bridge.gateway()), "", 0,
            bridge == null ? "" : bridge.address().addressText(), bridge == null ? 0 : bridge.address().prefix(), "",
            bridge == null ? "" : nz(bridge.macAddress()), networks);
    }

    private static String sandboxId(Container c, ContainerNetworkStatus net) {
        return net.sandboxKey().isEmpty() ? "" : c.id();
    }

    static Map<String, ContainerInspect.EndpointSettings> networks(Container c, ContainerNetworkStatus net) {
        if (net == ContainerNetworkStatus.NONE) {
            if (c.hostConfig().networkMode().startsWith("container:")) return Map.of();
            String name = c.hostConfig().networkMode().equals("host") ? "host" : "none";
            return Map.of(name, new ContainerInspect.EndpointSettings(null, null, null, "", "", "", "", 0, "", "", 0, "", null));
        }
        Map<String, ContainerInspect.EndpointSettings> out = new LinkedHashMap<>();
        List<NetworkSettingsRequest> requested = c.hostConfig().network().networks();
        for (Attachment a : net.networks()) {
            NetworkSettingsRequest r = requested.stream().filter(x -> x.network().equals(a.networkName())).findFirst().orElse(null);
            Object ipam = r == null || r.ipv4Address() == null || r.ipv4Address().isEmpty() ? null
                : Map.of("IPv4Address", r.ipv4Address());
            List<String> aliases = a.aliases().isEmpty() ? null : a.aliases();
            List<String> links = a.networkName().equals(Network.BRIDGE) ? links(c) : null;
            out.put(a.networkName(), new ContainerInspect.EndpointSettings(ipam, links, aliases, nz(a.networkId()),
                nz(a.endpointId()), nz(a.gateway()), a.address() == null ? "" : a.address().addressText(),
                a.address() == null ? 0 : a.address().prefix(), "", "", 0, nz(a.macAddress()), null));
        }
        return out;
    }

    /**
     * {@code NetworkSettings.Ports} while the container runs: every exposed or published port,
     * null when exposed only; empty otherwise.
     */
    static Map<String, Object> ports(Container c, ContainerNetworkStatus net) {
        if (net.sandboxKey().isEmpty()) return Map.of();
        Map<String, Object> out = new TreeMap<>();
        for (String e : c.config().exposedPorts()) out.put(e.contains("/") ? e : e + "/tcp", null);
        for (PortBinding b : net.ports()) {
            @SuppressWarnings("unchecked")
            List<Object> list = (List<Object>) out.computeIfAbsent(b.containerPort() + "/" + b.protocol(), k -> new ArrayList<>());
            Map<String, String> m = new LinkedHashMap<>();
            m.put("HostIp", b.anyAddress() ? "0.0.0.0" : b.hostIp());
            m.put("HostPort", Integer.toString(b.hostPort()));
            list.add(m);
        }
        return out;
    }

    /** {@code docker ps}'s Ports: published ports, then exposed ones without a binding. */
    static List<Object> summaryPorts(Container c, ContainerNetworkStatus net) {
        if (net.sandboxKey().isEmpty()) return List.of();
        List<Object> out = new ArrayList<>();
        for (PortBinding b : net.ports()) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("IP", b.anyAddress() ? "0.0.0.0" : b.hostIp());
            m.put("PrivatePort", b.containerPort());
            m.put("PublicPort", b.hostPort());
            m.put("Type", b.protocol());
            out.add(m);
        }
        for (String e : c.config().exposedPorts()) {
            String[] pp = e.split("/");
            int port;
            try {
                port = Integer.parseInt(pp[0]);
            } catch (NumberFormatException bad) {
                continue;
            }
            String proto = pp.length > 1 ? pp[1] : "tcp";
            if (net.ports().stream().anyMatch(b -> b.containerPort() == port && b.protocol().equals(proto))) continue;
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("PrivatePort", port);
            m.put("Type", proto);
            out.add(m);
        }
        return out;
    }

    /** {@code HostConfig.PortBindings} as the client sent them ({@code {}} when none). */
    static Map<String, Object> portBindings(ContainerNetworkConfig net) {
        Map<String, Object> out = new LinkedHashMap<>();
        for (PortBinding b : net.portBindings()) {
            @SuppressWarnings("unchecked")
            List<Object> list = (List<Object>) out.computeIfAbsent(b.containerPort() + "/" + b.protocol(), k -> new ArrayList<>());
            String port = b.hostPort() == 0 ? "" : b.hostPortEnd() > b.hostPort() ? b.hostPort() + "-" + b.hostPortEnd()
                : Integer.toString(b.hostPort());
            Map<String, String> m = new LinkedHashMap<>();
            m.put("HostIp", b.hostIp());
            m.put("HostPort", port);
            list.add(m);
        }
        return out;
    }

    static List<String> extraHosts(ContainerNetworkConfig net) {
        if (net.extraHosts().isEmpty()) return null;
        return net.extraHosts().stream().map(h -> h.name() + ":" + h.address()).toList();
    }

    /** dockerd's stored form {@code /child:/parent/alias}; null when none. */
    static List<String> links(Container c) {
        var links = c.hostConfig().network().links();
        if (links.isEmpty()) return null;
        return links.stream().map(l -> "/" + l.name() + ":/" + c.bareName() + "/" + l.alias()).toList();
    }

    private static String nz(String s) { return s == null ? "" : s; }
}
