package dev.berth.core.network;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class NameTablesTest {
    private static final String WEB = "a".repeat(64);
    private static final String DB = "b".repeat(64);
    private static final String CACHE = "c".repeat(64);
    private final NameTables tables = new NameTables();

    private static Network network(String id, String name, Endpoint... endpoints) {
        return new Network(id, name, "bridge", "local", Instant.EPOCH, new IpamConfig(null, List.of(), null), false, false, false,
            false, Map.of(), Map.of(), Ipv4Cidr.parse("10.0.0.0/8"), Ipv4Cidr.parse("10.0.0.1/8"), List.of(endpoints));
    }

    private static Endpoint endpoint(String container, String name, String address, String... aliases) {
        return new Endpoint("e" + container.substring(0, 5) + address, container, name, Ipv4Cidr.parse(address + "/24"), null, "eth0",
            "/proc/1/ns/net", List.of(aliases), List.of());
    }

    @Test
    void containerNamesAliasesAndShortIdsWithoutCaseOrTrailingDot() {
        tables.update(network("n1", "front", endpoint(WEB, "/web", "10.1.0.2", "www", "api"), endpoint(DB, "db", "10.1.0.3", "api")));
        assertThat(tables.addressesOf("n1", null, "web")).containsExactly("10.1.0.2");
        assertThat(tables.addressesOf("n1", null, "WWW.")).containsExactly("10.1.0.2");
        assertThat(tables.addressesOf("n1", null, "web.front")).containsExactly("10.1.0.2");
        assertThat(tables.addressesOf("n1", null, WEB.substring(0, 12))).containsExactly("10.1.0.2");
        assertThat(tables.addressesOf("n1", null, "api")).containsExactlyInAnyOrder("10.1.0.2", "10.1.0.3");
        assertThat(tables.addressesOf("n1", null, "web.other")).isEmpty();
        assertThat(tables.nameOf("n1", null, "10.1.0.3")).isEqualTo("db.front");

        tables.update(network("n1", "front", endpoint(DB, "db", "10.1.0.3", "api")));
        assertThat(tables.addressesOf("n1", null, "web")).as("gone with its endpoint").isEmpty();
        tables.remove("n1");
        assertThat(tables.addressesOf("n1", null, "db")).isEmpty();
    }

    @Test
    void aContainerResolvesTheNamesOfEveryNetworkItIsOnAndNoOthers() {
        tables.update(network("front", "front", endpoint(WEB, "web", "10.1.0.2"), endpoint(CACHE, "cache", "10.1.0.4")));
        tables.update(network("back", "back", endpoint(WEB, "web", "10.2.0.2"), endpoint(DB, "db", "10.2.0.3")));
        assertThat(tables.addressesOf("front", "10.1.0.2", "db")).as("web is on back too").containsExactly("10.2.0.3");
        assertThat(tables.nameOf("front", "10.1.0.2", "10.2.0.3")).isEqualTo("db.back");
        assertThat(tables.addressesOf("front", "10.1.0.2", "web")).as("its own network first").containsExactly("10.1.0.2");
        assertThat(tables.addressesOf("front", "10.1.0.4", "db")).as("cache is only on front").isEmpty();
        assertThat(tables.addressesOf("front", "10.9.9.9", "db")).as("an unknown client sees one network").isEmpty();
    }

    @Test
    void aContainersDnsServersAreKnownByItsAddressOnItsNetworksOnly() {
        Endpoint web = new Endpoint("ew", WEB, "web", Ipv4Cidr.parse("10.1.0.2/24"), null, "eth0", "/proc/1/ns/net", List.of(),
            List.of("10.1.0.53", "192.0.2.1"));
        tables.update(network("front", "front", web, endpoint(DB, "db", "10.1.0.3")));
        assertThat(tables.dnsServersOf("front", "10.1.0.2")).containsExactly("10.1.0.53", "192.0.2.1");
        assertThat(tables.dnsServersOf("front", "10.1.0.3")).as("db has no --dns").isEmpty();
        assertThat(tables.dnsServersOf("back", "10.1.0.2")).as("not on that network").isEmpty();
        assertThat(tables.dnsServersOf("front", null)).isEmpty();
    }
}
