package dev.berth.network.dns;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

/**
 * Sends a query that no container answers to the given upstream resolvers, in order, over the protocol
 * the client used (a truncated UDP answer makes the client retry over TCP, which is forwarded over
 * TCP). The upstream's reply is passed back byte for byte, as dockerd does. At most 100 queries are
 * in flight over all networks (dockerd's limit), so a flood from a container cannot exhaust the daemon.
 *
 * <p>Thread-safe. Errors: none thrown; null when no upstream answered in time.
 */
final class UpstreamForwarder {
    static final int MAX_IN_FLIGHT = 100;
    private static final int MAX_UDP = 65_535;

    private final Duration timeout;
    private final Semaphore inFlight = new Semaphore(MAX_IN_FLIGHT);

    UpstreamForwarder(Duration timeout) {
        this.timeout = timeout;
    }

    /** The first reply to {@code query} from one of {@code upstreams}, or null. */
    byte[] forward(byte[] query, boolean tcp, List<InetSocketAddress> upstreams) {
        try {
            if (!inFlight.tryAcquire(timeout.toMillis(), TimeUnit.MILLISECONDS)) return null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        }
        try {
            for (InetSocketAddress upstream : upstreams) {
                byte[] reply = tcp ? overTcp(upstream, query) : overUdp(upstream, query);
                if (reply != null) return reply;
            }
            return null;
        } finally {
            inFlight.release();
        }
    }

    private byte[] overUdp(InetSocketAddress upstream, byte[] query) {
        try (DatagramSocket socket = new DatagramSocket()) {
            socket.setSoTimeout((int) timeout.toMillis());
            socket.connect(upstream);
            socket.send(new DatagramPacket(query, query.length));
            byte[] buffer = new byte[MAX_UDP];
            long deadline = System.nanoTime() + timeout.toNanos();
            while (System.nanoTime() < deadline) {
                DatagramPacket packet = new DatagramPacket(buffer, buffer.length);
                socket.receive(packet);
                // a reply to another query (a late one on a reused port) is not ours
                if (packet.getLength() >= 2 && buffer[0] == query[0] && buffer[1] == query[1]) {
                    return Arrays.copyOf(buffer, packet.getLength());
                }
            }
            return null;
        } catch (IOException e) {
            return null;
        }
    }

    private byte[] overTcp(InetSocketAddress upstream, byte[] query) {
        try (Socket socket = new Socket()) {
            socket.connect(upstream, (int) timeout.toMillis());
            socket.setSoTimeout((int) timeout.toMillis());
            DataOutputStream out = new DataOutputStream(socket.getOutputStream());
            out.writeShort(query.length);
            out.write(query);
            out.flush();
            DataInputStream in = new DataInputStream(socket.getInputStream());
            return in.readNBytes(in.readUnsignedShort());
        } catch (IOException e) {
            return null;
        }
    }
}
