package dev.berth.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.Arrays;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.xbill.DNS.ARecord;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Flags;
import org.xbill.DNS.Message;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Section;
import org.xbill.DNS.Type;

/**
 * {@code docker run --dns} on a user-defined network: as with dockerd, the container's resolv.conf
 * names the embedded DNS server, which answers container names itself and forwards other names to
 * the container's {@code --dns} servers. The network is internal and the "upstream" is a tiny DNS
 * server of this test on an extra address of the network's bridge, so no query leaves the host.
 * The same scenario runs against the reference dockerd 20.10 to show the expectations are Docker's.
 */
class ContainerDnsForwardingIT {
    static final HostNetworkJanitor host = new HostNetworkJanitor();
    @RegisterExtension static BerthDaemonExtension berth = new BerthDaemonExtension(b -> b.configJson(host.daemonJson()));
    private static final String ANSWER = "192.0.2.77"; // TEST-NET-1

    @BeforeAll
    static void importBusybox() {
        berth.docker().ok("import", TestImages.busyboxRootfsTar(berth.daemon().scratch()).toString(), "busybox:latest");
    }

    @AfterEach
    void removeEverything() {
        ContainerCleanup.removeAll(berth.daemon());
        docker().run("network", "rm", "fwd");
    }

    @AfterAll
    static void cleanUp() {
        host.cleanUp();
    }

    @Test
    void namesNoContainerHasGoToTheContainersDnsServers() throws Exception {
        forwardsToTheContainersDnsServers(docker(), host.bridge + "f", "10." + host.second + ".241", "10." + host.second + ".241.1");
    }

    /** The same against dockerd 20.10, whose resolver listens on 127.0.0.11 in each container. */
    @Test
    void dockerdForwardsTheSameWay() throws Exception {
        try (var ref = ReferenceDockerd.start()) {
            ref.docker().ok("import", TestImages.busyboxRootfsTar(ref.scratch()).toString(), "busybox:latest");
            try {
                forwardsToTheContainersDnsServers(ref.docker(), host.bridge + "g", "10." + host.second + ".242", "127.0.0.11");
            } finally {
                ref.docker().run("rm", "-f", "peer");
                ref.docker().run("network", "rm", "fwd");
            }
        }
    }

    private static void forwardsToTheContainersDnsServers(DockerCli docker, String bridge, String prefix, String nameserver)
            throws Exception {
        host.ownLink(bridge);
        docker.ok("network", "create", "--internal", "--subnet", prefix + ".0/24",
            "-o", "com.docker.network.bridge.name=" + bridge, "fwd");
        HostNetworkJanitor.run("ip", "addr", "add", prefix + ".254/32", "dev", bridge); // gone with the bridge
        try (var resolver = new TestResolver(prefix + ".254")) {
            String peerIp = prefix + ".20";
            docker.ok("run", "--pull", "never", "-d", "--name", "peer", "--network", "fwd", "--ip", peerIp, "busybox", "sleep", "300");

            var withDns = docker.run("run", "--pull", "never", "--rm", "--network", "fwd", "--dns", prefix + ".254", "busybox",
                "sh", "-c", "cat /etc/resolv.conf; nslookup upstream.test; nslookup peer");
            assertThat(withDns.stdout()).as(withDns.describe())
                .contains("nameserver " + nameserver).doesNotContain("nameserver " + prefix + ".254")
                .contains(ANSWER).contains(peerIp);
            assertThat(resolver.queries.get()).as("asked for upstream.test").isPositive();
            assertThat(resolver.peerQueries.get()).as("never for a container's name").isZero();

            int before = resolver.queries.get();
            var withoutDns = docker.run("run", "--pull", "never", "--rm", "--network", "fwd", "busybox", "nslookup", "upstream.test");
            assertThat(withoutDns.stdout() + withoutDns.stderr()).as("not forwarded for a container without --dns")
                .doesNotContain(ANSWER);
            assertThat(resolver.queries.get()).isEqualTo(before);
        }
    }

    private static DockerCli docker() { return berth.docker(); }

    /** Answers {@code upstream.test} (A) with {@link #ANSWER}, other A/AAAA queries with NXDOMAIN; counts what it gets. */
    private static final class TestResolver implements AutoCloseable {
        final AtomicInteger queries = new AtomicInteger();
        final AtomicInteger peerQueries = new AtomicInteger();
        private final DatagramSocket socket;

        TestResolver(String address) throws Exception {
            socket = new DatagramSocket(new InetSocketAddress(InetAddress.getByName(address), 53));
            Thread.ofVirtual().start(this::serve);
        }

        private void serve() {
            byte[] buf = new byte[4096];
            while (!socket.isClosed()) {
                try {
                    DatagramPacket p = new DatagramPacket(buf, buf.length);
                    socket.receive(p);
                    queries.incrementAndGet();
                    Message q = new Message(Arrays.copyOf(buf, p.getLength()));
                    String name = q.getQuestion().getName().toString();
                    if (name.equals("peer.")) peerQueries.incrementAndGet();
                    Message r = new Message(q.getHeader().getID());
                    r.getHeader().setFlag(Flags.QR);
                    r.getHeader().setFlag(Flags.RA);
                    r.addRecord(q.getQuestion(), Section.QUESTION);
                    if (!name.equals("upstream.test.")) {
                        r.getHeader().setRcode(Rcode.NXDOMAIN);
                    } else if (q.getQuestion().getType() == Type.A) {
                        r.addRecord(new ARecord(q.getQuestion().getName(), DClass.IN, 30, InetAddress.getByName(ANSWER)),
                            Section.ANSWER);
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
}
