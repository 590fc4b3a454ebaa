package dev.berth.network.dns;

import static org.assertj.core.api.Assertions.assertThat;

import dev.berth.core.network.Ipv4Cidr;
import dev.berth.core.network.NetworkNames;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.xbill.DNS.ARecord;
import org.xbill.DNS.Flags;
import org.xbill.DNS.Message;
import org.xbill.DNS.PTRRecord;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Section;
import org.xbill.DNS.Type;

/**
 * The DNS servers on real UDP/TCP sockets, on loopback addresses only: the "gateways" are
 * 127.0.0.x and the upstream is a {@link FakeUpstream} on another 127.0.0.x.
 */
class EmbeddedDnsTest {
    private static final String NET_A = "a".repeat(64);
    private static final String NET_B = "b".repeat(64);
    private final int octet = 100 + new java.util.Random().nextInt(100);
    private final String gatewayA = "127.0.3." + octet;
    private final String gatewayB = "127.0.4." + octet;
    private final List<AutoCloseable> closing = new ArrayList<>();
    private FakeUpstream upstream;
    /** The --dns servers of the containers, by the address their queries come from. */
    private final Map<String, List<String>> dnsOfClient = new java.util.HashMap<>();

    /** web (two containers behind the alias "api"), db; on network B only "other". */
    private final NetworkNames names = new NetworkNames() {
        final Map<String, Map<String, List<String>>> byNetwork = Map.of(
            NET_A, Map.of("web", List.of("10.9.0.2"), "db", List.of("10.9.0.3"), "api", List.of("10.9.0.2", "10.9.0.4"),
                "0123456789ab", List.of("10.9.0.2")),
            NET_B, Map.of("other", List.of("10.8.0.2"), "many", java.util.stream.IntStream.range(2, 62).mapToObj(i -> "10.8.1." + i).toList()));

        @Override public List<String> addressesOf(String networkId, String client, String name) {
            String key = name.toLowerCase().replaceAll("\\.$", "").replaceAll("\\.neta$", "");
            return byNetwork.getOrDefault(networkId, Map.of()).getOrDefault(key, List.of());
        }

        @Override public String nameOf(String networkId, String client, String address) {
            return networkId.equals(NET_A) && address.equals("10.9.0.3") ? "db.neta" : null;
        }

        @Override public List<String> dnsServersOf(String networkId, String client) {
            return dnsOfClient.getOrDefault(client, List.of());
        }
    };

    @AfterEach
    void close() throws Exception {
        for (AutoCloseable c : closing) c.close();
    }

    private EmbeddedDns dns(boolean withUpstream) throws Exception {
        List<InetSocketAddress> ups = new ArrayList<>();
        if (withUpstream) {
            upstream = new FakeUpstream("127.0.5." + octet, 0);
            closing.add(upstream);
            ups.add(upstream.address());
        } else {
            ups.add(new InetSocketAddress("127.0.6." + octet, 5353)); // nobody listens there
        }
        var dns = new EmbeddedDns(new EmbeddedDns.Settings(0, () -> ups, Duration.ofMillis(500), 53));
        closing.add(() -> { dns.stop(NET_A); dns.stop(NET_B); });
        return dns;
    }

    private InetSocketAddress start(EmbeddedDns dns, String net, String gateway, boolean forward) {
        assertThat(dns.start(net, Ipv4Cidr.parse(gateway + "/8"), names, forward)).isEqualTo(gateway);
        return new InetSocketAddress(gateway, dns.portOf(net));
    }

    private static List<String> addresses(Message m) {
        return m.getSection(Section.ANSWER).stream().filter(r -> r instanceof ARecord)
            .map(r -> ((ARecord) r).getAddress().getHostAddress()).toList();
    }

    @Test
    void answersContainerNamesAliasesAndShortIdsOfItsOwnNetworkOnly() throws Exception {
        EmbeddedDns dns = dns(true);
        var a = start(dns, NET_A, gatewayA, true);
        var b = start(dns, NET_B, gatewayB, true);

        Message web = DnsClient.query(a, "web", Type.A, false);
        assertThat(web.getRcode()).isEqualTo(Rcode.NOERROR);
        assertThat(addresses(web)).containsExactly("10.9.0.2");
        assertThat(web.getSection(Section.ANSWER).getFirst().getTTL()).isEqualTo(600);
        assertThat(web.getHeader().getFlag(Flags.RA)).isTrue();
        assertThat(addresses(DnsClient.query(a, "WEB.neta", Type.A, false))).containsExactly("10.9.0.2");
        assertThat(addresses(DnsClient.query(a, "0123456789ab", Type.A, false))).containsExactly("10.9.0.2");

        Message other = DnsClient.query(b, "other", Type.A, false);
        assertThat(addresses(other)).containsExactly("10.8.0.2");
        Message webFromB = DnsClient.query(b, "web", Type.A, false);
        assertThat(addresses(webFromB)).as("names of network A are not visible on B").isEmpty();
        assertThat(webFromB.getRcode()).as("B forwards the unknown name; the fake upstream does not know it").isEqualTo(Rcode.NXDOMAIN);
    }

    @Test
    void anAliasOfSeveralContainersGivesAllOfThemInChangingOrder() throws Exception {
        var a = start(dns(true), NET_A, gatewayA, true);
        Set<String> firsts = new HashSet<>();
        for (int i = 0; i < 30; i++) {
            List<String> got = addresses(DnsClient.query(a, "api", Type.A, false));
            assertThat(got).containsExactlyInAnyOrder("10.9.0.2", "10.9.0.4");
            firsts.add(got.getFirst());
        }
        assertThat(firsts).as("round robin").hasSize(2);
        assertThat(upstream.queries.get()).as("container names never go upstream").isZero();
    }

    @Test
    void aaaaOfAContainerIsAnEmptyAnswerAndPtrNamesTheContainer() throws Exception {
        var a = start(dns(true), NET_A, gatewayA, true);
        Message aaaa = DnsClient.query(a, "db", Type.AAAA, false);
        assertThat(aaaa.getRcode()).isEqualTo(Rcode.NOERROR);
        assertThat(aaaa.getSection(Section.ANSWER)).isEmpty();

        Message ptr = DnsClient.query(a, "3.0.9.10.in-addr.arpa", Type.PTR, false);
        assertThat(ptr.getSection(Section.ANSWER)).singleElement()
            .satisfies(r -> assertThat(((PTRRecord) r).getTarget().toString()).isEqualTo("db.neta."));
        assertThat(upstream.queries.get()).isZero();
    }

    @Test
    void otherNamesAreForwardedToTheUpstreamOverUdpAndTcp() throws Exception {
        var a = start(dns(true), NET_A, gatewayA, true);
        assertThat(addresses(DnsClient.query(a, "www.example.test", Type.A, false))).containsExactly(FakeUpstream.ANSWER);
        assertThat(DnsClient.query(a, "nowhere.invalid", Type.A, false).getRcode()).isEqualTo(Rcode.NXDOMAIN);
        assertThat(upstream.queries.get()).isEqualTo(2);
        assertThat(addresses(DnsClient.query(a, "web", Type.A, true))).as("local answer over TCP").containsExactly("10.9.0.2");
    }

    @Test
    void aLongAnswerIsTruncatedOverUdpAndWholeOverTcp() throws Exception {
        var b = start(dns(true), NET_B, gatewayB, true);
        Message udp = DnsClient.query(b, "many", Type.A, false);
        assertThat(udp.getHeader().getFlag(Flags.TC)).as("60 records do not fit 512 bytes").isTrue();
        assertThat(addresses(udp).size()).isLessThan(60);
        Message tcp = DnsClient.query(b, "many", Type.A, true);
        assertThat(tcp.getHeader().getFlag(Flags.TC)).isFalse();
        assertThat(addresses(tcp)).hasSize(60);
    }

    @Test
    void anUnreachableUpstreamGivesServfailAsDockerdDoes() throws Exception {
        var a = start(dns(false), NET_A, gatewayA, true);
        Message m = DnsClient.query(a, "www.example.test", Type.A, false);
        assertThat(m.getRcode()).isEqualTo(Rcode.SERVFAIL);
        assertThat(addresses(DnsClient.query(a, "web", Type.A, false))).containsExactly("10.9.0.2");
    }

    @Test
    void anInternalNetworkNeverForwards() throws Exception {
        var a = start(dns(true), NET_A, gatewayA, false);
        assertThat(DnsClient.query(a, "www.example.test", Type.A, false).getRcode()).isEqualTo(Rcode.SERVFAIL);
        assertThat(upstream.queries.get()).isZero();
        assertThat(addresses(DnsClient.query(a, "db", Type.A, false))).containsExactly("10.9.0.3");
    }

    @Test
    void aContainersOwnDnsServersReplaceTheHostsForItsQueries() throws Exception {
        var own = new FakeUpstream("127.0.8." + octet, 0);
        closing.add(own);
        upstream = new FakeUpstream("127.0.5." + octet, 0);
        closing.add(upstream);
        var dns = new EmbeddedDns(new EmbeddedDns.Settings(0, () -> List.of(upstream.address()), Duration.ofMillis(500),
            own.address().getPort()));
        closing.add(() -> dns.stop(NET_A));
        var a = start(dns, NET_A, gatewayA, true);
        dnsOfClient.put("127.0.0.1", List.of("127.0.8." + octet)); // the test's queries come from 127.0.0.1

        assertThat(addresses(DnsClient.query(a, "www.example.test", Type.A, false))).containsExactly(FakeUpstream.ANSWER);
        assertThat(addresses(DnsClient.query(a, "www.example.test", Type.A, true))).as("over TCP to a UDP-only server")
            .isEmpty();
        assertThat(own.queries.get()).isEqualTo(1);
        assertThat(upstream.queries.get()).as("the host's resolvers are not asked").isZero();
        assertThat(addresses(DnsClient.query(a, "web", Type.A, false))).as("containers still answered locally")
            .containsExactly("10.9.0.2");

        dnsOfClient.clear();
        assertThat(addresses(DnsClient.query(a, "www.example.test", Type.A, false))).containsExactly(FakeUpstream.ANSWER);
        assertThat(upstream.queries.get()).as("without --dns: the host's").isEqualTo(1);
    }

    @Test
    void anInternalNetworkForwardsToAContainersDnsOnTheNetworkOrTheHostOnly() throws Exception {
        var own = new FakeUpstream("127.0.8." + octet, 0);
        closing.add(own);
        var dns = new EmbeddedDns(new EmbeddedDns.Settings(0, List::of, Duration.ofMillis(500), own.address().getPort()));
        closing.add(() -> dns.stop(NET_A));
        var a = start(dns, NET_A, gatewayA, false);
        dnsOfClient.put("127.0.0.1", List.of("127.0.8." + octet));
        assertThat(addresses(DnsClient.query(a, "www.example.test", Type.A, false))).containsExactly(FakeUpstream.ANSWER);

        var upstreams = new ClientUpstreams(NET_A, Ipv4Cidr.parse("10.9.0.1/24"), names, () -> List.of(own.address()), true, 53);
        dnsOfClient.put("10.9.0.2", List.of("192.0.2.1", "10.9.0.53", "127.0.0.1", "not-an-address"));
        assertThat(upstreams.of("10.9.0.2")).extracting(InetSocketAddress::getHostString)
            .as("TEST-NET-1 is neither on the network nor on the host").containsExactly("10.9.0.53", "127.0.0.1");
        assertThat(upstreams.of("10.9.0.3")).as("no --dns: never the host's resolvers").isEmpty();
        var outside = new ClientUpstreams(NET_A, Ipv4Cidr.parse("10.9.0.1/24"), names, () -> List.of(own.address()), false, 53);
        assertThat(outside.of("10.9.0.2")).extracting(InetSocketAddress::getHostString)
            .containsExactly("192.0.2.1", "10.9.0.53", "127.0.0.1");
        assertThat(outside.of("10.9.0.3")).containsExactly(own.address());
    }

    @Test
    void aStoppedServerReleasesItsAddressAndATakenOneIsNoFailure() throws Exception {
        EmbeddedDns dns = dns(true);
        var a = start(dns, NET_A, gatewayA, true);
        EmbeddedDns second = new EmbeddedDns(new EmbeddedDns.Settings(a.getPort(), List::of, Duration.ofMillis(200), 53));
        assertThat(second.start(NET_B, Ipv4Cidr.parse(gatewayA + "/8"), names, true)).as("port taken: no DNS, no error").isNull();
        dns.stop(NET_A);
        assertThat(DnsClient.query(a, "web", Type.A, false)).isNull();
        assertThat(second.start(NET_B, Ipv4Cidr.parse(gatewayA + "/8"), names, true)).isEqualTo(gatewayA);
        second.stop(NET_B);
    }

    @Test
    void resolvConfLoopbackEntriesAreLeftOut() {
        var found = UpstreamResolvers.parse("""
            # generated
            nameserver 127.0.0.53
            nameserver 192.0.2.1
            nameserver ::1
            nameserver 2001:db8::1
            search example.test
            options edns0
            """);
        assertThat(found).extracting(InetSocketAddress::getHostString).containsExactly("192.0.2.1", "2001:db8:0:0:0:0:0:1");
        assertThat(found).allSatisfy(x -> assertThat(x.getPort()).isEqualTo(53));
    }

    @Test
    void reverseNamesParse() throws Exception {
        assertThat(LocalAnswers.reverseAddress(org.xbill.DNS.Name.fromString("4.3.2.1.in-addr.arpa."))).isEqualTo("1.2.3.4");
        assertThat(LocalAnswers.reverseAddress(org.xbill.DNS.Name.fromString("example.test."))).isNull();
    }
}
