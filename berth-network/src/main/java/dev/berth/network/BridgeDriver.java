package dev.berth.network;

import dev.berth.common.error.BerthException;
import dev.berth.core.network.Ipv4Cidr;
import dev.berth.core.network.NetworkDriver;
import dev.berth.core.network.PortBinding;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Docker's {@code bridge} driver on a Linux bridge: one bridge per network ({@code br-<12 hex>}
 * unless {@code com.docker.network.bridge.name} names it), one veth pair per endpoint whose peer
 * is moved into the container's namespace, NAT and isolation through {@link Iptables}, published
 * ports through {@link PortPublisher}.
 */
public final class BridgeDriver implements NetworkDriver {
    private static final org.slf4j.Logger log = org.slf4j.LoggerFactory.getLogger(BridgeDriver.class);
    public static final String OPT_NAME = "com.docker.network.bridge.name";
    public static final String OPT_ICC = "com.docker.network.bridge.enable_icc";
    public static final String OPT_MASQ = "com.docker.network.bridge.enable_ip_masquerade";
    public static final String OPT_HOST_IP = "com.docker.network.bridge.host_binding_ipv4";
    public static final String OPT_MTU = "com.docker.network.driver.mtu";

    /**
     * @param iptables  null with {@code --iptables=false}: no NAT, isolation or port forwarding
     * @param ipForward whether to turn on {@code net.ipv4.ip_forward} (containers need it to reach out)
     * @param mtu       the default MTU of bridges and veths
     */
    public record Settings(boolean ipForward, int mtu) {}

    private record Bridge(String name, Ipv4Cidr subnet, Ipv4Cidr gateway, int mtu, boolean internal, String hostIp,
                          List<IptablesRule> rules) {}

    private record Veth(String networkId, String hostName, String peerName, Ipv4Cidr address, String mac) {}

    private final IpRoute2 ip;
    private final Iptables iptables;
    private final PortPublisher ports;
    private final Settings settings;
    private final Map<String, Bridge> bridges = new ConcurrentHashMap<>();
    private final Map<String, Veth> veths = new ConcurrentHashMap<>();
    private final Map<String, PortPublisher.Published> published = new ConcurrentHashMap<>();

    public BridgeDriver(IpRoute2 ip, Iptables iptables, PortPublisher ports, Settings settings) {
        this.ip = ip;
        this.iptables = iptables;
        this.ports = ports;
        this.settings = settings;
    }

    @Override public String name() { return "bridge"; }

    /** The bridge device of a network this driver runs (null when unknown). */
    public String bridgeName(String networkId) {
        Bridge b = bridges.get(networkId);
        return b == null ? null : b.name;
    }

    @Override
    public synchronized void createNetwork(NetworkSpec spec, boolean restore) {
        Map<String, String> o = spec.options();
        String name = o.getOrDefault(OPT_NAME, "br-" + spec.networkId().substring(0, 12));
        if (name.length() > 15) throw new BerthException.InvalidArgument("bridge name " + name + " is longer than 15 characters");
        int mtu = parseInt(o.get(OPT_MTU), settings.mtu(), OPT_MTU);
        boolean icc = !"false".equals(o.get(OPT_ICC));
        boolean masq = !"false".equals(o.get(OPT_MASQ));
        if (bridges.values().stream().anyMatch(b -> b.name.equals(name))) {
            throw new BerthException.Conflict("bridge " + name + " is already used by another network");
        }
        boolean created = false;
        List<IptablesRule> rules = List.of();
        try {
            if (!ip.exists(name)) {
                ip.addBridge(name, mtu);
                created = true;
            } else if (!restore) {
                log.info("network {} adopts the existing bridge {}", spec.name(), name);
            }
            ip.replaceAddress(name, spec.gateway());
            ip.up(name);
            if (iptables != null) {
                if (bridges.isEmpty()) prepareHost();
                if (!spec.internal()) ip.sysctl("net.ipv4.conf." + name + ".route_localnet", "1");
                rules = iptables.networkRules(name, spec.subnet().toString(), icc, spec.internal(), masq);
                iptables.add(rules);
            }
        } catch (RuntimeException e) {
            if (created) ip.deleteLink(name);
            if (bridges.isEmpty() && iptables != null) iptables.removeBase();
            throw e;
        }
        bridges.put(spec.networkId(), new Bridge(name, spec.subnet(), spec.gateway(), mtu, spec.internal(),
            o.getOrDefault(OPT_HOST_IP, ""), rules));
    }

    /** Done before the first bridge: forwarding on, Berth's chains in place. */
    private void prepareHost() {
        if (settings.ipForward() && !"1".equals(readProc("/proc/sys/net/ipv4/ip_forward"))) {
            ip.sysctl("net.ipv4.ip_forward", "1");
        }
        iptables.ensureBase();
    }

    private static String readProc(String path) {
        try {
            return Files.readString(Path.of(path)).strip();
        } catch (java.io.IOException e) {
            return "";
        }
    }

    @Override
    public synchronized void deleteNetwork(String networkId) {
        Bridge b = bridges.remove(networkId);
        if (b == null) return;
        for (var e : List.copyOf(veths.entrySet())) {
            if (e.getValue().networkId().equals(networkId)) deleteEndpoint(networkId, e.getKey());
        }
        if (iptables != null) iptables.delete(b.rules);
        ip.deleteLink(b.name);
        if (bridges.isEmpty() && iptables != null) iptables.removeBase();
    }

    @Override
    public EndpointInterface createEndpoint(String networkId, String endpointId, EndpointInterface requested) {
        Bridge b = bridge(networkId);
        String host = hostVethName(endpointId);
        String peer = "vp" + endpointId.substring(0, 12);
        // one ip process for the pair, its bridge port, hairpin (a container may reach itself via a published port) and up
        String mtu = Integer.toString(b.mtu);
        try {
            ip.batch(List.of(
                "link add name " + host + " mtu " + mtu + " type veth peer name " + peer + " mtu " + mtu,
                "link set dev " + host + " master " + b.name,
                "link set dev " + host + " type bridge_slave hairpin on",
                "link set dev " + host + " up"));
        } catch (RuntimeException e) {
            ip.deleteLink(host);
            throw e;
        }
        veths.put(endpointId, new Veth(networkId, host, peer, requested.address(), requested.macAddress()));
        return requested;
    }

    @Override
    public void deleteEndpoint(String networkId, String endpointId) {
        revokeExternalConnectivity(networkId, endpointId);
        Veth v = veths.remove(endpointId);
        // after a daemon restart the driver has no record of the veth: its name follows from the endpoint id
        ip.deleteLink(v != null ? v.hostName : hostVethName(endpointId));
    }

    static String hostVethName(String endpointId) { return "veth" + endpointId.substring(0, 7); }

    @Override
    public JoinInfo join(String networkId, String endpointId, String sandboxKey, String ifName, boolean defaultGateway) {
        Bridge b = bridge(networkId);
        Veth v = veths.get(endpointId);
        if (v == null) throw new BerthException.NotFound("no endpoint " + endpointId + " on network " + networkId);
        ip.moveToNetns(v.peerName, sandboxKey);
        List<String> commands = new ArrayList<>(List.of(
            "link set dev " + v.peerName + " name " + ifName,
            "link set dev lo up"));
        if (v.mac != null) commands.add("link set dev " + ifName + " address " + v.mac);
        commands.add("addr add " + v.address + " dev " + ifName);
        commands.add("link set dev " + ifName + " up");
        boolean route = defaultGateway && !b.internal;
        if (route) commands.add("route replace default via " + b.gateway.addressText() + " dev " + ifName);
        ip.batchInNetns(sandboxKey, commands);
        return new JoinInfo(ifName, route ? b.gateway.addressText() : null, List.of());
    }

    /** Nothing to undo here: deleting the host end of the veth removes the container's end too. */
    @Override
    public void leave(String networkId, String endpointId) {}

    @Override
    public List<PortBinding> programExternalConnectivity(String networkId, String endpointId, Ipv4Cidr containerIp,
                                                        List<PortBinding> bindings) {
        Bridge b = bridge(networkId);
        if (bindings.isEmpty()) return List.of();
        if (b.internal) throw new BerthException.InvalidArgument("ports cannot be published on an internal network");
        revokeExternalConnectivity(networkId, endpointId);
        var p = ports.publish(b.name, containerIp.addressText(), bindings, b.hostIp);
        published.put(endpointId, p);
        return p.bindings();
    }

    @Override
    public void revokeExternalConnectivity(String networkId, String endpointId) {
        var p = published.remove(endpointId);
        if (p != null) ports.unpublish(p);
    }

    private Bridge bridge(String networkId) {
        Bridge b = bridges.get(networkId);
        if (b == null) throw new BerthException.NotFound("bridge driver: no network " + networkId);
        return b;
    }

    private static int parseInt(String text, int fallback, String what) {
        if (text == null || text.isEmpty()) return fallback;
        try {
            return Integer.parseInt(text);
        } catch (NumberFormatException e) {
            throw new BerthException.InvalidArgument("invalid " + what + ": " + text);
        }
    }
}
