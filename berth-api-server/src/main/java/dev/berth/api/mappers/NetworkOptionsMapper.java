package dev.berth.api.mappers;

import dev.berth.api.types.ContainerCreateRequest;
import dev.berth.api.types.NetworkConnectRequest;
import dev.berth.common.error.BerthException;
import dev.berth.core.container.ContainerNetworkConfig;
import dev.berth.core.container.ContainerNetworkConfig.ExtraHost;
import dev.berth.core.container.ContainerNetworkConfig.Link;
import dev.berth.core.network.NetworkService.NetworkSettingsRequest;
import dev.berth.core.network.PortBinding;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The networking options of container create, from the wire into {@link ContainerNetworkConfig}:
 * {@code PortBindings} ({@code "80/tcp": [{"HostIp": "127.0.0.1", "HostPort": "8000-8010"}]}),
 * {@code ExtraHosts} ({@code name:ip}, {@code name=ip}, {@code host-gateway}), {@code Links}
 * ({@code name:alias}), DNS lists and {@code NetworkingConfig.EndpointsConfig}.
 */
public final class NetworkOptionsMapper {
    private NetworkOptionsMapper() {}

    public static ContainerNetworkConfig network(dev.berth.api.types.HostConfig h, ContainerCreateRequest.NetworkingConfig nc,
                                                 String macAddress) {
        List<NetworkSettingsRequest> endpoints = new ArrayList<>();
        if (nc != null && nc.endpointsConfig() != null) {
            for (var e : nc.endpointsConfig().entrySet()) endpoints.add(endpoint(e.getKey(), e.getValue()));
        }
        String mode = h == null || h.networkMode() == null || h.networkMode().isEmpty() ? "default" : h.networkMode();
        if (macAddress != null && !macAddress.isEmpty()) endpoints = withMac(endpoints, mode, macAddress);
        if (h == null) return new ContainerNetworkConfig(endpoints, null, false, null, null, null, null, null);
        return new ContainerNetworkConfig(endpoints, portBindings(h.portBindings()), h.publishAllPorts(), h.dns(),
            h.dnsSearch(), h.dnsOptions(), extraHosts(h.extraHosts()), links(h.links()));
    }

    private static NetworkSettingsRequest endpoint(String network, NetworkConnectRequest.EndpointConfig ec) {
        if (ec == null) return new NetworkSettingsRequest(network, List.of(), null, null);
        String ip = ec.ipamConfig() == null ? null : ec.ipamConfig().ipv4Address();
        if (ip != null && !ip.isEmpty() && !ip.matches("\\d{1,3}(\\.\\d{1,3}){3}")) {
            throw new BerthException.InvalidArgument("invalid IPv4 address: " + ip);
        }
        String mac = ec.macAddress();
        if (mac != null && !mac.isEmpty() && !mac.matches("(?i)[0-9a-f]{2}(:[0-9a-f]{2}){5}")) {
            throw new BerthException.InvalidArgument("invalid MAC address: " + mac);
        }
        return new NetworkSettingsRequest(network, ec.aliases(), ip, mac);
    }

    /** The old top-level MacAddress applies to the network of the network mode. */
    private static List<NetworkSettingsRequest> withMac(List<NetworkSettingsRequest> endpoints, String mode, String mac) {
        if (!mac.matches("(?i)[0-9a-f]{2}(:[0-9a-f]{2}){5}")) throw new BerthException.InvalidArgument("invalid MAC address: " + mac);
        String key = mode;
        List<NetworkSettingsRequest> out = new ArrayList<>();
        boolean found = false;
        for (NetworkSettingsRequest r : endpoints) {
            if (r.network().equals(key) && (r.macAddress() == null || r.macAddress().isEmpty())) {
                out.add(new NetworkSettingsRequest(r.network(), r.aliases(), r.ipv4Address(), mac));
                found = true;
            } else {
                out.add(r);
            }
        }
        if (!found && endpoints.stream().noneMatch(r -> r.network().equals(key))) {
            out.addFirst(new NetworkSettingsRequest(key, List.of(), null, mac));
        }
        return out;
    }

    /** {@code {"80/tcp": [{"HostIp": "", "HostPort": "8080"}]}}; a missing or empty HostPort means an ephemeral port. */
    @SuppressWarnings("unchecked")
    static List<PortBinding> portBindings(Map<String, Object> wire) {
        if (wire == null) return List.of();
        List<PortBinding> out = new ArrayList<>();
        for (var e : wire.entrySet()) {
            String key = e.getKey();
            int slash = key.indexOf('/');
            String proto = slash < 0 ? "tcp" : key.substring(slash + 1);
            int containerPort = port(slash < 0 ? key : key.substring(0, slash), "invalid containerPort: " + key);
            List<Object> hosts = e.getValue() instanceof List<?> l ? (List<Object>) l : List.of();
            if (hosts.isEmpty()) out.add(new PortBinding(proto, containerPort, "", 0, 0));
            for (Object o : hosts) {
                Map<String, Object> m = o instanceof Map<?, ?> map ? (Map<String, Object>) map : Map.of();
                String hostIp = m.get("HostIp") == null ? "" : m.get("HostIp").toString();
                if (!hostIp.isEmpty() && !hostIp.matches("\\d{1,3}(\\.\\d{1,3}){3}")) {
                    if (hostIp.contains(":")) continue; // IPv6 bindings: no IPv6 on Berth's bridges yet
                    throw new BerthException.InvalidArgument("invalid host IP address: " + hostIp);
                }
                String hostPort = m.get("HostPort") == null ? "" : m.get("HostPort").toString();
                int start = 0;
                int end = 0;
                if (!hostPort.isEmpty()) {
                    int dash = hostPort.indexOf('-');
                    start = port(dash < 0 ? hostPort : hostPort.substring(0, dash), "invalid hostPort: " + hostPort);
                    end = dash < 0 ? start : port(hostPort.substring(dash + 1), "invalid hostPort: " + hostPort);
                    if (end < start) throw new BerthException.InvalidArgument("invalid hostPort: " + hostPort);
                }
                out.add(new PortBinding(proto, containerPort, hostIp, start, end));
            }
        }
        return out;
    }

    private static int port(String text, String error) {
        try {
            int p = Integer.parseInt(text.strip());
            if (p < 0 || p > 65535) throw new BerthException.InvalidArgument(error);
            return p;
        } catch (NumberFormatException e) {
            throw new BerthException.InvalidArgument(error);
        }
    }

    /** {@code name:ip} or {@code name=ip}; the address may be IPv6 (split at the first separator) or host-gateway. */
    static List<ExtraHost> extraHosts(List<String> wire) {
        if (wire == null) return List.of();
        List<ExtraHost> out = new ArrayList<>();
        for (String s : wire) {
            int sep = s.indexOf('=');
            if (sep < 0) sep = s.indexOf(':');
            if (sep <= 0 || sep == s.length() - 1) throw new BerthException.InvalidArgument("invalid extra host: " + s);
            String name = s.substring(0, sep);
            String address = s.substring(sep + 1);
            if (address.startsWith("[") && address.endsWith("]")) address = address.substring(1, address.length() - 1);
            boolean ok = address.equals(ExtraHost.HOST_GATEWAY) || address.matches("\\d{1,3}(\\.\\d{1,3}){3}")
                || address.matches("[0-9a-fA-F:.]+") && address.contains(":");
            if (!ok) throw new BerthException.InvalidArgument("invalid IP address in add-host: \"" + address + "\"");
            out.add(new ExtraHost(name, address));
        }
        return out;
    }

    /** {@code name:alias}, {@code name}, or the stored form {@code /name:/parent/alias}. */
    static List<Link> links(List<String> wire) {
        if (wire == null) return List.of();
        List<Link> out = new ArrayList<>();
        for (String s : wire) {
            int colon = s.indexOf(':');
            String name = strip(colon < 0 ? s : s.substring(0, colon));
            String alias = colon < 0 ? name : s.substring(colon + 1);
            alias = alias.substring(alias.lastIndexOf('/') + 1);
            if (name.isEmpty() || alias.isEmpty()) throw new BerthException.InvalidArgument("invalid link format: " + s);
            out.add(new Link(name, alias));
        }
        return out;
    }

    private static String strip(String name) { return name.startsWith("/") ? name.substring(1) : name; }
}
