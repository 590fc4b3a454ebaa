package dev.berth.network.dns;

import dev.berth.core.network.Ipv4Cidr;
import dev.berth.core.network.NetworkDns;
import dev.berth.core.network.NetworkNames;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Berth's embedded DNS: one {@link NetworkDnsServer} per user-defined bridge network, on the
 * network's gateway address, in the host's namespace (aardvark-dns's design, see ADR 0008).
 */
public final class EmbeddedDns implements NetworkDns {
    private static final Logger LOG = LoggerFactory.getLogger(EmbeddedDns.class);

    /**
     * @param port      53 in the daemon; tests pick a free one
     * @param upstreams where other names go, asked at each query (see {@link UpstreamResolvers#host()})
     * @param timeout   how long one upstream may take
     * @param dnsPort   the port of the servers that containers name with {@code --dns}: 53 but in tests
     */
    public record Settings(int port, Supplier<List<InetSocketAddress>> upstreams, Duration timeout, int dnsPort) {
        public static Settings host() {
            return new Settings(53, UpstreamResolvers::host, Duration.ofSeconds(5), 53);
        }
    }

    private final Settings settings;
    private final UpstreamForwarder forwarder;
    private final Map<String, NetworkDnsServer> servers = new ConcurrentHashMap<>();

    public EmbeddedDns(Settings settings) {
        this.settings = settings;
        this.forwarder = new UpstreamForwarder(settings.timeout());
    }

    @Override
    public String start(String networkId, Ipv4Cidr gateway, NetworkNames names, boolean forwardExternal) {
        stop(networkId);
        String address = gateway.addressText();
        try {
            var upstreams = new ClientUpstreams(networkId, gateway, names, settings.upstreams(), !forwardExternal,
                settings.dnsPort());
            var server = NetworkDnsServer.start(InetAddress.getByName(address), settings.port(),
                new LocalAnswers(networkId, names), forwarder, upstreams);
            servers.put(networkId, server);
            LOG.debug("embedded DNS for network {} on {}:{}", networkId, address, server.port());
            return address;
        } catch (IOException | RuntimeException e) {
            LOG.warn("no embedded DNS for network {}: cannot listen on {}:{}: {}", networkId, address, settings.port(),
                e.getMessage());
            return null;
        }
    }

    @Override
    public void stop(String networkId) {
        NetworkDnsServer server = servers.remove(networkId);
        if (server != null) server.close();
    }

    /** The port a network's server listens on (tests with port 0), or -1. */
    public int portOf(String networkId) {
        NetworkDnsServer server = servers.get(networkId);
        return server == null ? -1 : server.port();
    }
}
