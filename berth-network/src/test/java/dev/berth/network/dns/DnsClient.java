package dev.berth.network.dns;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.util.Arrays;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.Record;

/** A minimal client for tests: one query to one server the test started, over UDP or TCP; null on timeout. */
public final class DnsClient {
    private DnsClient() {}

    public static Message query(InetSocketAddress server, String name, int type, boolean tcp) throws Exception {
        Message q = Message.newQuery(Record.newRecord(Name.fromString(name.endsWith(".") ? name : name + "."), type, 1));
        byte[] wire = q.toWire();
        if (tcp) {
            try (Socket s = new Socket()) {
                s.connect(server, 2000);
                s.setSoTimeout(3000);
                var out = new DataOutputStream(s.getOutputStream());
                out.writeShort(wire.length);
                out.write(wire);
                var in = new DataInputStream(s.getInputStream());
                return new Message(in.readNBytes(in.readUnsignedShort()));
            }
        }
        try (DatagramSocket s = new DatagramSocket()) {
            s.setSoTimeout(3000);
            s.send(new DatagramPacket(wire, wire.length, server));
            byte[] buf = new byte[65535];
            DatagramPacket p = new DatagramPacket(buf, buf.length);
            try {
                s.receive(p);
            } catch (java.net.SocketTimeoutException e) {
                return null;
            }
            return new Message(Arrays.copyOf(buf, p.getLength()));
        }
    }
}
