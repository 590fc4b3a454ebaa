package dev.berth.plugins.testnet;

import dev.berth.common.process.CommandRunner;
import dev.berth.plugins.sdk.NetworkPlugin;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A network driver plugin on plain Linux bridges: {@code createNetwork} makes a bridge (named by
 * the {@code dev.berth.testnet.bridge} option, else {@code tn} + the network id) holding the
 * gateway address, {@code createEndpoint} a veth pair with one end on the bridge, and
 * {@code join} hands the other end to the engine to move into the container as {@code eth<n>}.
 * No NAT, no isolation: it only has to prove that engines speak the protocol.
 */
public final class BridgeNetworkPlugin implements NetworkPlugin {
    public static final String BRIDGE_OPTION = "dev.berth.testnet.bridge";
    private static final Duration T = Duration.ofSeconds(10);

    private record Bridge(String name, String gateway) {}

    private record Veth(String networkId, String hostName, String peerName) {}

    private final CommandRunner runner;
    private final Map<String, Bridge> bridges = new ConcurrentHashMap<>();
    private final Map<String, Veth> veths = new ConcurrentHashMap<>();

    public BridgeNetworkPlugin(CommandRunner runner) {
        this.runner = runner;
    }

    @Override
    public synchronized void createNetwork(String networkId, Map<String, Object> options, List<Pool> ipv4) {
        if (ipv4.isEmpty()) throw new IllegalArgumentException("testnet needs an IPv4 pool");
        String name = bridgeName(networkId, options);
        String gateway = ipv4.getFirst().gateway();
        runner.check(List.of("ip", "link", "add", "name", name, "type", "bridge"), T);
        try {
            if (gateway != null && !gateway.isEmpty()) runner.check(List.of("ip", "addr", "add", gateway, "dev", name), T);
            runner.check(List.of("ip", "link", "set", "dev", name, "up"), T);
        } catch (RuntimeException e) {
            runner.run(List.of("ip", "link", "del", "dev", name), T);
            throw e;
        }
        String plain = gateway == null || gateway.isEmpty() ? null : gateway.substring(0, gateway.indexOf('/'));
        bridges.put(networkId, new Bridge(name, plain));
    }

    /** The user's {@code -o} options arrive under {@code com.docker.network.generic}. */
    private static String bridgeName(String networkId, Map<String, Object> options) {
        if (options.get("com.docker.network.generic") instanceof Map<?, ?> generic && generic.get(BRIDGE_OPTION) instanceof String s
                && !s.isEmpty()) {
            return s;
        }
        return "tn" + networkId.substring(0, 10);
    }

    @Override
    public synchronized void deleteNetwork(String networkId) {
        Bridge b = bridges.remove(networkId);
        if (b == null) throw new IllegalArgumentException("no such network " + networkId);
        for (var e : List.copyOf(veths.entrySet())) {
            if (e.getValue().networkId().equals(networkId)) deleteEndpoint(networkId, e.getKey());
        }
        runner.check(List.of("ip", "link", "del", "dev", b.name()), T);
    }

    @Override
    public Interface createEndpoint(String networkId, String endpointId, Interface requested, Map<String, Object> options) {
        Bridge b = bridge(networkId);
        String host = "tnh" + endpointId.substring(0, 10);
        String peer = "tnc" + endpointId.substring(0, 10);
        runner.check(List.of("ip", "link", "add", "name", host, "type", "veth", "peer", "name", peer), T);
        try {
            runner.check(List.of("ip", "link", "set", "dev", host, "master", b.name()), T);
            runner.check(List.of("ip", "link", "set", "dev", host, "up"), T);
        } catch (RuntimeException e) {
            runner.run(List.of("ip", "link", "del", "dev", host), T);
            throw e;
        }
        veths.put(endpointId, new Veth(networkId, host, peer));
        return null; // the engine's address and MAC are fine
    }

    @Override
    public void deleteEndpoint(String networkId, String endpointId) {
        Veth v = veths.remove(endpointId);
        if (v == null) throw new IllegalArgumentException("no such endpoint " + endpointId);
        // the peer may be gone with its namespace already; deleting the host end removes both otherwise
        runner.run(List.of("ip", "link", "del", "dev", v.hostName()), T);
    }

    @Override
    public Map<String, Object> endpointInfo(String networkId, String endpointId) {
        Veth v = veths.get(endpointId);
        return v == null ? Map.of() : Map.of("hostInterface", v.hostName());
    }

    @Override
    public Join join(String networkId, String endpointId, String sandboxKey, Map<String, Object> options) {
        Bridge b = bridge(networkId);
        Veth v = veths.get(endpointId);
        if (v == null) throw new IllegalArgumentException("no such endpoint " + endpointId);
        return new Join(v.peerName(), "eth", b.gateway(), List.of());
    }

    @Override
    public void leave(String networkId, String endpointId) {
        if (!veths.containsKey(endpointId)) throw new IllegalArgumentException("no such endpoint " + endpointId);
    }

    /** The bridge device of a network (tests check it exists and is gone). */
    public String bridgeOf(String networkId) {
        Bridge b = bridges.get(networkId);
        return b == null ? null : b.name();
    }

    private Bridge bridge(String networkId) {
        Bridge b = bridges.get(networkId);
        if (b == null) throw new IllegalArgumentException("no such network " + networkId);
        return b;
    }
}
