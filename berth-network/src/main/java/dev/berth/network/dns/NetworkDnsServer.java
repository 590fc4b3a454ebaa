package dev.berth.network.dns;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketAddress;
import java.util.Arrays;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.xbill.DNS.Message;
import org.xbill.DNS.OPTRecord;
import org.xbill.DNS.Rcode;

/**
 * One network's DNS server: UDP and TCP on one address and port (the network's gateway, port 53).
 * One virtual thread per UDP query and per TCP connection: answers from {@link LocalAnswers} are
 * immediate, forwarded ones wait for an upstream without holding anyone else up.
 *
 * <p>Replies fit the client's UDP size (512 bytes, or its EDNS payload size) and are truncated
 * with TC set beyond that, so the client retries over TCP. Unparseable queries get FORMERR when
 * they carry at least a header, else nothing.
 */
final class NetworkDnsServer implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(NetworkDnsServer.class);
    private static final int TCP_IDLE_MILLIS = 10_000;

    private final LocalAnswers answers;
    private final UpstreamForwarder forwarder;
    private final ClientUpstreams upstreams;
    private final DatagramSocket udp;
    private final ServerSocket tcp;

    private NetworkDnsServer(LocalAnswers answers, UpstreamForwarder forwarder, ClientUpstreams upstreams, DatagramSocket udp,
                             ServerSocket tcp) {
        this.answers = answers;
        this.forwarder = forwarder;
        this.upstreams = upstreams;
        this.udp = udp;
        this.tcp = tcp;
    }

    /**
     * Binds UDP and TCP on {@code address:port} and starts serving.
     *
     * @param upstreams where names not on the network go for the asking client; none: SERVFAIL
     */
    static NetworkDnsServer start(InetAddress address, int port, LocalAnswers answers, UpstreamForwarder forwarder,
                                  ClientUpstreams upstreams) throws IOException {
        DatagramSocket udp = new DatagramSocket(null);
        ServerSocket tcp = new ServerSocket();
        try {
            // no SO_REUSEADDR on UDP: another socket with it could share, and split, the gateway's queries
            udp.bind(new InetSocketAddress(address, port));
            tcp.setReuseAddress(true); // a restarted daemon must not wait for TIME_WAIT connections
            tcp.bind(new InetSocketAddress(address, udp.getLocalPort()), 64);
        } catch (IOException | RuntimeException e) {
            udp.close();
            tcp.close();
            throw e;
        }
        NetworkDnsServer server = new NetworkDnsServer(answers, forwarder, upstreams, udp, tcp);
        Thread.ofVirtual().name("dns-udp-" + address.getHostAddress()).start(server::serveUdp);
        Thread.ofVirtual().name("dns-tcp-" + address.getHostAddress()).start(server::serveTcp);
        return server;
    }

    int port() { return udp.getLocalPort(); }

    private void serveUdp() {
        while (!udp.isClosed()) {
            byte[] buffer = new byte[4096];
            DatagramPacket packet = new DatagramPacket(buffer, buffer.length);
            try {
                udp.receive(packet);
            } catch (IOException e) {
                if (udp.isClosed()) return;
                LOG.debug("dns: receive failed: {}", e.getMessage());
                continue;
            }
            byte[] query = Arrays.copyOf(buffer, packet.getLength());
            SocketAddress client = packet.getSocketAddress();
            Thread.ofVirtual().start(() -> {
                byte[] reply = reply(query, false, clientAddress(client));
                if (reply == null) return;
                try {
                    udp.send(new DatagramPacket(reply, reply.length, client));
                } catch (IOException e) {
                    LOG.debug("dns: cannot answer {}: {}", client, e.getMessage());
                }
            });
        }
    }

    private void serveTcp() {
        while (!tcp.isClosed()) {
            try {
                Socket connection = tcp.accept();
                Thread.ofVirtual().start(() -> serveConnection(connection));
            } catch (IOException e) {
                if (tcp.isClosed()) return;
                LOG.debug("dns: accept failed: {}", e.getMessage());
            }
        }
    }

    /** Length-prefixed messages (RFC 1035 4.2.2), several per connection, until the client is idle. */
    private void serveConnection(Socket connection) {
        try (connection) {
            connection.setSoTimeout(TCP_IDLE_MILLIS);
            DataInputStream in = new DataInputStream(connection.getInputStream());
            DataOutputStream out = new DataOutputStream(connection.getOutputStream());
            while (true) {
                int length;
                try {
                    length = in.readUnsignedShort();
                } catch (EOFException e) {
                    return;
                }
                byte[] reply = reply(in.readNBytes(length), true, clientAddress(connection.getRemoteSocketAddress()));
                if (reply == null) return;
                out.writeShort(reply.length);
                out.write(reply);
                out.flush();
            }
        } catch (IOException e) {
            LOG.debug("dns: tcp connection ended: {}", e.getMessage());
        }
    }

    private static String clientAddress(SocketAddress address) {
        return address instanceof InetSocketAddress inet && inet.getAddress() != null ? inet.getAddress().getHostAddress() : null;
    }

    /** The wire reply to one query from {@code client}, or null to stay silent. */
    byte[] reply(byte[] wire, boolean overTcp, String client) {
        Message query;
        try {
            query = new Message(wire);
        } catch (IOException e) {
            return wire.length >= 12 ? formatError(wire) : null;
        }
        Message local;
        try {
            local = answers.answer(query, client);
        } catch (RuntimeException e) {
            LOG.warn("dns: cannot answer {} from {}: {}", query.getQuestion(), client, e.toString());
            return LocalAnswers.serverFailure(query).toWire(maxSize(query, overTcp));
        }
        if (local != null) return local.toWire(maxSize(query, overTcp));
        List<InetSocketAddress> targets = upstreams.of(client);
        if (!targets.isEmpty()) {
            byte[] forwarded = forwarder.forward(wire, overTcp, targets);
            if (forwarded != null) return forwarded;
        }
        return LocalAnswers.serverFailure(query).toWire(maxSize(query, overTcp));
    }

    private static int maxSize(Message query, boolean overTcp) {
        if (overTcp) return 65_535;
        OPTRecord opt = query.getOPT();
        return opt == null ? 512 : Math.max(512, opt.getPayloadSize());
    }

    /** FORMERR for a message we cannot parse: its id and flags as they came, no sections. */
    private static byte[] formatError(byte[] wire) {
        byte[] reply = Arrays.copyOf(wire, 12);
        reply[2] = (byte) (reply[2] | 0x80); // QR
        reply[3] = (byte) ((reply[3] & 0xf0) | Rcode.FORMERR);
        Arrays.fill(reply, 4, 12, (byte) 0);
        return reply;
    }

    @Override
    public void close() {
        udp.close();
        try {
            tcp.close();
        } catch (IOException ignored) {
            // closing a listening socket only fails when it is already closed
        }
    }
}
