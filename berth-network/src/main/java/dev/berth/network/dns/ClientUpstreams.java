package dev.berth.network.dns;

import dev.berth.core.network.Ipv4Cidr;
import dev.berth.core.network.NetworkNames;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NetworkInterface;
import java.net.SocketException;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

/**
 * Where one network's server sends a query no container answers, for the container that asked:
 * its own {@code --dns} servers when it has any — dockerd's resolver uses them instead of the
 * host's — else the host's resolvers.
 *
 * <p>An internal network has no way out, so it never forwards to the host's resolvers, and to a
 * container's {@code --dns} only when that server is on the network itself or on the host. That
 * is what the container reaches under dockerd, whose resolver forwards from inside the
 * container's namespace (and from the host's for a loopback server); since Berth forwards from
 * the host's namespace, a server anywhere else would be a way out of the internal network.
 *
 * <p>Thread-safe; asked once per forwarded query.
 */
final class ClientUpstreams {
    private final String networkId;
    private final Ipv4Cidr subnet;
    private final NetworkNames names;
    private final Supplier<List<InetSocketAddress>> host;
    private final boolean internal;
    private final int port;

    /**
     * @param subnet the network's gateway with its prefix
     * @param host   the host's resolvers, asked at each call
     * @param port   the port of a container's {@code --dns} servers (53; tests use their fake's)
     */
    ClientUpstreams(String networkId, Ipv4Cidr subnet, NetworkNames names, Supplier<List<InetSocketAddress>> host,
                    boolean internal, int port) {
        this.networkId = networkId;
        this.subnet = subnet;
        this.names = names;
        this.host = host;
        this.internal = internal;
        this.port = port;
    }

    /** The servers to ask, in order; empty: answer SERVFAIL. */
    List<InetSocketAddress> of(String client) {
        List<String> own = names.dnsServersOf(networkId, client);
        if (own.isEmpty()) return internal ? List.of() : host.get();
        List<InetSocketAddress> out = new ArrayList<>();
        for (String text : own) {
            InetAddress address = UpstreamResolvers.literal(text);
            if (address != null && (!internal || withinReach(address))) out.add(new InetSocketAddress(address, port));
        }
        return out;
    }

    private boolean withinReach(InetAddress address) {
        if (address instanceof Inet4Address && subnet.contains(Ipv4Cidr.parseAddress(address.getHostAddress()))) return true;
        if (address.isLoopbackAddress()) return true;
        try {
            return NetworkInterface.getByInetAddress(address) != null;
        } catch (SocketException e) {
            return false;
        }
    }
}
