package dev.berth.network.dns;

import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.Arrays;
import java.util.concurrent.atomic.AtomicInteger;
import org.xbill.DNS.ARecord;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Flags;
import org.xbill.DNS.Message;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Section;

/**
 * A stand-in for the host's resolver on a loopback address the test picks (never a real
 * resolver): answers {@code *.example.test} with 192.0.2.99 (TEST-NET-1) and NXDOMAIN otherwise.
 */
public final class FakeUpstream implements AutoCloseable {
    public static final String ANSWER = "192.0.2.99";
    public final AtomicInteger queries = new AtomicInteger();
    private final DatagramSocket socket;

    public FakeUpstream(String loopbackAddress, int port) throws Exception {
        socket = new DatagramSocket(new InetSocketAddress(InetAddress.getByName(loopbackAddress), port));
        Thread.ofVirtual().start(this::serve);
    }

    public InetSocketAddress address() { return (InetSocketAddress) socket.getLocalSocketAddress(); }

    private void serve() {
        byte[] buf = new byte[4096];
        while (!socket.isClosed()) {
            try {
                DatagramPacket p = new DatagramPacket(buf, buf.length);
                socket.receive(p);
                queries.incrementAndGet();
                Message q = new Message(Arrays.copyOf(buf, p.getLength()));
                Message r = new Message(q.getHeader().getID());
                r.getHeader().setFlag(Flags.QR);
                r.addRecord(q.getQuestion(), Section.QUESTION);
                if (q.getQuestion().getName().toString().endsWith("example.test.")) {
                    r.addRecord(new ARecord(q.getQuestion().getName(), DClass.IN, 30, InetAddress.getByName(ANSWER)), Section.ANSWER);
                } else {
                    r.getHeader().setRcode(Rcode.NXDOMAIN);
                }
                byte[] out = r.toWire();
                socket.send(new DatagramPacket(out, out.length, p.getSocketAddress()));
            } catch (Exception e) {
                if (socket.isClosed()) return;
            }
        }
    }

    @Override public void close() { socket.close(); }
}
