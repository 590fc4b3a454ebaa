package dev.berth.network;

import dev.berth.common.error.BerthException;
import dev.berth.core.network.PortBinding;
import java.io.Closeable;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.channels.DatagramChannel;
import java.nio.channels.NetworkChannel;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Publishes container ports with iptables DNAT only — no userland proxy in the data path, so
 * published-port throughput is the kernel's. Each host port is also <em>reserved</em> by binding a
 * socket on it without listening: the kernel then refuses the port to other programs (and tells
 * us when one already has it), while the DNAT rule, which runs before socket lookup, still sends
 * every connection to the container. Loopback works through {@code route_localnet} on the bridge
 * and a MASQUERADE of local sources (see {@link Iptables#networkRules}).
 */
public final class PortPublisher {
    private final Iptables iptables;
    private final Path ephemeralRange;

    /** What one endpoint published: the actual bindings, the rules and the reserving sockets. */
    public record Published(List<PortBinding> bindings, List<IptablesRule> rules, List<Closeable> reservations) {}

    /** @param iptables null when {@code --iptables=false}: ports are then reserved but not forwarded */
    public PortPublisher(Iptables iptables, Path ephemeralRange) {
        this.iptables = iptables;
        this.ephemeralRange = ephemeralRange;
    }

    public PortPublisher(Iptables iptables) {
        this(iptables, Path.of("/proc/sys/net/ipv4/ip_local_port_range"));
    }

    /** All or nothing: when any port cannot be had, what was reserved or added is undone before the error. */
    public Published publish(String bridge, String containerIp, List<PortBinding> bindings, String defaultHostIp) {
        List<PortBinding> actual = new ArrayList<>();
        List<IptablesRule> rules = new ArrayList<>();
        List<Closeable> reservations = new ArrayList<>();
        try {
            for (PortBinding b : bindings) {
                String hostIp = b.hostIp().isEmpty() ? defaultHostIp : b.hostIp();
                Reserved r = reserve(b, hostIp);
                reservations.add(r.socket);
                PortBinding done = b.at(r.port);
                actual.add(done);
                if (iptables != null) {
                    List<IptablesRule> more = iptables.portRules(bridge, hostIp, r.port, b.protocol(), containerIp, b.containerPort());
                    iptables.add(more);
                    rules.addAll(more);
                }
            }
            return new Published(List.copyOf(actual), List.copyOf(rules), List.copyOf(reservations));
        } catch (RuntimeException e) {
            unpublish(new Published(actual, rules, reservations));
            throw e;
        }
    }

    public void unpublish(Published p) {
        if (iptables != null) iptables.delete(p.rules());
        for (Closeable c : p.reservations()) {
            try {
                c.close();
            } catch (IOException ignored) {
                // closing a bound socket does not fail in a way we could act on
            }
        }
    }

    private record Reserved(int port, Closeable socket) {}

    private Reserved reserve(PortBinding b, String hostIp) {
        if (b.hostPort() != 0) {
            BerthException last = null;
            for (int port = b.hostPort(); port <= b.hostPortEnd(); port++) {
                try {
                    return new Reserved(port, bind(b.protocol(), hostIp, port));
                } catch (BerthException e) {
                    last = e;
                }
            }
            throw last;
        }
        int[] range = ephemeralRange();
        int span = range[1] - range[0] + 1;
        int start = ThreadLocalRandom.current().nextInt(span);
        for (int i = 0; i < span; i++) {
            int port = range[0] + (start + i) % span;
            try {
                return new Reserved(port, bind(b.protocol(), hostIp, port));
            } catch (BerthException.Conflict taken) {
                // try the next one
            }
        }
        throw new BerthException.Unavailable("no free host port in " + range[0] + "-" + range[1]);
    }

    private static NetworkChannel bind(String proto, String hostIp, int port) {
        String ip = hostIp == null || hostIp.isEmpty() ? "0.0.0.0" : hostIp;
        NetworkChannel ch = null;
        try {
            ch = proto.equals("udp") ? DatagramChannel.open() : SocketChannel.open();
            ch.bind(new InetSocketAddress(ip, port));
            return ch;
        } catch (IOException e) {
            if (ch != null) {
                try {
                    ch.close();
                } catch (IOException ignored) {
                    // nothing was bound
                }
            }
            if (e instanceof java.net.BindException) {
                throw new BerthException.Conflict("Bind for " + ip + ":" + port + " failed: port is already allocated");
            }
            throw new BerthException.Internal("cannot reserve " + proto + " port " + ip + ":" + port + ": " + e.getMessage(), e);
        }
    }

    private int[] ephemeralRange() {
        try {
            String[] parts = Files.readString(ephemeralRange).strip().split("\\s+");
            return new int[] {Integer.parseInt(parts[0]), Integer.parseInt(parts[1])};
        } catch (IOException | RuntimeException e) {
            return new int[] {32768, 60999};
        }
    }
}
