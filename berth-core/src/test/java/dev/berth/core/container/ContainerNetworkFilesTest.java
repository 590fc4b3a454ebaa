package dev.berth.core.container;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** resolv.conf, /etc/hosts and link variables as dockerd writes them. */
class ContainerNetworkFilesTest {
    private static final ContainerResolvConf.Request NOTHING = new ContainerResolvConf.Request(List.of(), List.of(), List.of());

    @Test
    void loopbackAndIpv6NameserversAreDroppedAndGooglesAddedWhenNoneIsLeft() {
        String host = "# generated\nsearch corp.example\nnameserver 127.0.0.53\nnameserver ::1\noptions edns0\n";
        assertThat(ContainerResolvConf.render(host, false, NOTHING, List.of()))
            .isEqualTo("# generated\nsearch corp.example\noptions edns0\nnameserver 8.8.8.8\nnameserver 8.8.4.4\n");
        String mixed = "nameserver 127.0.0.11\nnameserver 10.0.0.2\nnameserver fe80::1\n";
        assertThat(ContainerResolvConf.render(mixed, false, NOTHING, List.of())).isEqualTo("nameserver 10.0.0.2\n");
        assertThat(ContainerResolvConf.render(mixed, true, NOTHING, List.of())).isEqualTo(mixed);
    }

    @Test
    void dnsOptionsReplaceTheirPartAndKeepTheRest() {
        String host = "search corp.example\nnameserver 10.0.0.2\noptions edns0\n";
        var r = new ContainerResolvConf.Request(List.of("192.0.2.53"), List.of(), List.of("ndots:2"));
        assertThat(ContainerResolvConf.render(host, false, r, List.of()))
            .isEqualTo("search corp.example\nnameserver 192.0.2.53\noptions ndots:2\n");
        var dot = new ContainerResolvConf.Request(List.of(), List.of("."), List.of());
        assertThat(ContainerResolvConf.render(host, false, dot, List.of())).isEqualTo("nameserver 10.0.0.2\noptions edns0\n");
        assertThat(ContainerResolvConf.render(host, false, NOTHING, List.of("10.1.0.1")))
            .isEqualTo("search corp.example\nnameserver 10.1.0.1\noptions edns0\n");
        assertThat(ContainerResolvConf.embeddedDnsNameservers(List.of("10.1.0.1", "10.2.0.1"))).containsExactly("10.1.0.1");
        assertThat(ContainerResolvConf.embeddedDnsNameservers(List.of())).isEmpty();
    }

    @Test
    void hostsListExtraEntriesThenTheOwnAddress() {
        String hosts = ContainerHosts.render(ContainerHosts.DEFAULT,
            List.of(new ContainerHosts.Entry("192.0.2.7", "extra"), new ContainerHosts.Entry("10.0.0.3", "db web_db")),
            "10.0.0.2", "web", "example.test");
        assertThat(hosts).startsWith("127.0.0.1\tlocalhost\n")
            .endsWith("ff02::2\tip6-allrouters\n192.0.2.7\textra\n10.0.0.3\tdb web_db\n10.0.0.2\tweb.example.test web\n");
        assertThat(ContainerHosts.render("h", List.of(), null, "x", null)).isEqualTo("h\n");
    }

    @Test
    void linkVariablesFollowDockerdsLegacyLinks() {
        var env = LinkEnv.of("my-db", "/web/my-db", "10.0.0.3", Set.of("5432/tcp", "53/udp", "7000/tcp", "7001/tcp", "7002/tcp"),
            List.of("PATH=/bin", "HOME=/root", "SECRET=s3=x"));
        assertThat(env).containsExactly(
            "MY_DB_PORT=udp://10.0.0.3:53",
            "MY_DB_PORT_5432_TCP=tcp://10.0.0.3:5432",
            "MY_DB_PORT_5432_TCP_ADDR=10.0.0.3",
            "MY_DB_PORT_5432_TCP_PORT=5432",
            "MY_DB_PORT_5432_TCP_PROTO=tcp",
            "MY_DB_PORT_7000_TCP_START=tcp://10.0.0.3:7000",
            "MY_DB_PORT_7000_TCP_ADDR=10.0.0.3",
            "MY_DB_PORT_7000_TCP_PROTO=tcp",
            "MY_DB_PORT_7000_TCP_PORT_START=7000",
            "MY_DB_PORT_7000_TCP_END=tcp://10.0.0.3:7002",
            "MY_DB_PORT_7000_TCP_PORT_END=7002",
            "MY_DB_PORT_53_UDP=udp://10.0.0.3:53",
            "MY_DB_PORT_53_UDP_ADDR=10.0.0.3",
            "MY_DB_PORT_53_UDP_PORT=53",
            "MY_DB_PORT_53_UDP_PROTO=udp",
            "MY_DB_NAME=/web/my-db",
            "MY_DB_ENV_SECRET=s3=x");
    }
}
