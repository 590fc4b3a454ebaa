package dev.berth.network;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.berth.common.error.BerthException;
import dev.berth.common.process.CommandRunner;
import dev.berth.core.network.Ipv4Cidr;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Links, addresses and routes through iproute2's {@code ip}. State is read with {@code ip -json}
 * so nothing depends on the human output format. Commands inside a network namespace run as one
 * {@code nsenter --net=<path> ip -batch -}, one process per join instead of six.
 */
public final class IpRoute2 {
    static final Duration TIMEOUT = Duration.ofSeconds(10);
    private static final ObjectMapper JSON = new ObjectMapper();

    private final CommandRunner runner;

    public IpRoute2(CommandRunner runner) {
        this.runner = runner;
    }

    /** The link's {@code ip -json link show} object, or null when there is no such link. */
    public JsonNode link(String name) {
        var r = runner.run(List.of("ip", "-json", "link", "show", "dev", name), TIMEOUT);
        if (!r.ok()) {
            if (r.stderr().contains("does not exist")) return null;
            throw new BerthException.Internal("ip link show " + name + " failed: " + r.stderr().strip());
        }
        JsonNode array = parse(r.stdout());
        return array.isArray() && !array.isEmpty() ? array.get(0) : null;
    }

    public boolean exists(String name) { return link(name) != null; }

    /**
     * Creates a bridge with a MAC of its own. Without one, a Linux bridge takes the lowest MAC of
     * its ports and changes it when that port goes: every container's ARP entry for the gateway is
     * then stale, and traffic to it (the embedded DNS server) stops for seconds after a container
     * leaves. Derived from the name, so a bridge recreated at restore keeps its MAC.
     */
    public void addBridge(String name, int mtu) {
        runner.check(List.of("ip", "link", "add", "name", name, "mtu", Integer.toString(mtu), "address", bridgeMac(name),
            "type", "bridge"), TIMEOUT);
    }

    /** A locally administered unicast MAC from the bridge's name. */
    static String bridgeMac(String name) {
        byte[] h;
        try {
            h = java.security.MessageDigest.getInstance("SHA-256").digest(name.getBytes(StandardCharsets.UTF_8));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
        return "02:42:%02x:%02x:%02x:%02x".formatted(h[0] & 0xff, h[1] & 0xff, h[2] & 0xff, h[3] & 0xff);
    }

    /** Sets the address, replacing none other: {@code replace} is idempotent on restore. */
    public void replaceAddress(String dev, Ipv4Cidr address) {
        runner.check(List.of("ip", "addr", "replace", address.toString(), "dev", dev), TIMEOUT);
    }

    public void up(String dev) {
        runner.check(List.of("ip", "link", "set", "dev", dev, "up"), TIMEOUT);
    }

    /** Deletes a link; a link that is already gone is fine (its namespace may have died with it). */
    public void deleteLink(String dev) {
        var r = runner.run(List.of("ip", "link", "del", "dev", dev), TIMEOUT);
        if (!r.ok() && !r.stderr().contains("Cannot find device") && !r.stderr().contains("does not exist")) {
            throw new BerthException.Internal("ip link del " + dev + " failed: " + r.stderr().strip());
        }
    }

    public void addVeth(String hostName, String peerName, int mtu) {
        String m = Integer.toString(mtu);
        runner.check(List.of("ip", "link", "add", "name", hostName, "mtu", m, "type", "veth", "peer", "name", peerName, "mtu", m), TIMEOUT);
    }

    /** Enslaves {@code dev} to {@code bridge}, turns hairpin on (a container may reach itself via a published port) and brings it up. */
    public void attachToBridge(String dev, String bridge) {
        runner.check(List.of("ip", "link", "set", "dev", dev, "master", bridge), TIMEOUT);
        runner.check(List.of("ip", "link", "set", "dev", dev, "type", "bridge_slave", "hairpin", "on"), TIMEOUT);
        runner.check(List.of("ip", "link", "set", "dev", dev, "up"), TIMEOUT);
    }

    /** Moves {@code dev} into the namespace file {@code netnsPath} ({@code ip} takes a path when it has a slash). */
    public void moveToNetns(String dev, String netnsPath) {
        runner.check(List.of("ip", "link", "set", "dev", dev, "netns", netnsPath), TIMEOUT);
    }

    /** Runs {@code ip} commands (without the leading {@code ip}) in the host's namespace, in one process; stops at the first error. */
    public void batch(List<String> commands) {
        byte[] stdin = (String.join("\n", commands) + "\n").getBytes(StandardCharsets.UTF_8);
        var r = runner.run(List.of("ip", "-batch", "-"), Map.of(), stdin, TIMEOUT);
        if (!r.ok()) throw new BerthException.Internal("ip -batch (" + commands.getFirst() + " …) failed: " + r.stderr().strip());
    }

    /** Runs {@code ip} commands (without the leading {@code ip}) inside the namespace, in one process. */
    public void batchInNetns(String netnsPath, List<String> commands) {
        List<String> argv = List.of("nsenter", "--net=" + netnsPath, "ip", "-batch", "-");
        byte[] stdin = (String.join("\n", commands) + "\n").getBytes(StandardCharsets.UTF_8);
        var r = runner.run(argv, Map.of(), stdin, TIMEOUT);
        if (!r.ok()) {
            throw new BerthException.Internal("configuring the network namespace " + netnsPath + " failed: " + r.stderr().strip());
        }
    }

    /** Destinations of the host's main routing table, default routes left out (they overlap everything). */
    public List<Ipv4Cidr> routes() {
        var r = runner.run(List.of("ip", "-json", "-4", "route", "show"), TIMEOUT);
        if (!r.ok()) throw new BerthException.Internal("ip route show failed: " + r.stderr().strip());
        List<Ipv4Cidr> out = new ArrayList<>();
        for (JsonNode route : parse(r.stdout())) {
            String dst = route.path("dst").asText("");
            if (dst.isEmpty() || dst.equals("default")) continue;
            try {
                out.add(Ipv4Cidr.parse(dst).network());
            } catch (BerthException.InvalidArgument ignored) {
                // not an IPv4 destination (e.g. a multicast keyword): cannot collide with a pool
            }
        }
        return out;
    }

    /** {@code sysctl -w key=value}: through the runner so tests can see which knobs are turned. */
    public void sysctl(String key, String value) {
        runner.check(List.of("sysctl", "-q", "-w", key + "=" + value), TIMEOUT);
    }

    private static JsonNode parse(String text) {
        try {
            return text.isBlank() ? JSON.createArrayNode() : JSON.readTree(text);
        } catch (IOException e) {
            throw new BerthException.Internal("cannot parse ip -json output: " + e.getMessage(), e);
        }
    }
}
