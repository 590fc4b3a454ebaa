package dev.berth.it;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * berthd's embedded DNS server on a user-defined network's gateway, queried with busybox nslookup
 * from a network namespace the test creates and plugs into the network's bridge with a veth.
 * The network is internal, so the server never forwards: an unknown name is answered SERVFAIL by
 * Berth itself and no query leaves the host. (Container names are covered by the network
 * module's EmbeddedDnsKernelTest until containers are attached by the container service.)
 */
class EmbeddedDnsIT {
    static final HostNetworkJanitor host = new HostNetworkJanitor();
    @RegisterExtension static BerthDaemonExtension berth = new BerthDaemonExtension(b -> b.configJson(host.daemonJson()));
    private final String netns = "bd-" + host.suffix;
    private final String veth = "bd" + host.suffix;
    private final String bridge = host.bridge + "d";

    @AfterAll
    static void cleanUp() {
        host.cleanUp();
    }

    @AfterEach
    void removeNamespace() {
        HostNetworkJanitor.run("ip", "netns", "del", netns);
        HostNetworkJanitor.run("ip", "link", "del", "dev", veth);
        HostNetworkJanitor.run("ip", "link", "del", "dev", bridge);
    }

    @Test
    void theGatewayAnswersFromTheNetworkAndNotAfterRemovalAndAgainAfterARestart() {
        host.ownLink(bridge);
        String prefix = "10." + host.second + ".240";
        docker().ok("network", "create", "--internal", "--subnet", prefix + ".0/24",
            "-o", "com.docker.network.bridge.name=" + bridge, "dnsnet");
        plugIntoBridge(prefix + ".50/24");

        assertThat(nslookup("nothing.invalid", prefix + ".1")).as("answered by Berth, not forwarded from an internal network")
            .contains("SERVFAIL");
        berth.daemon().crashAndRestart();
        assertThat(nslookup("nothing.invalid", prefix + ".1")).as("started again when the network is restored").contains("SERVFAIL");

        docker().ok("network", "rm", "dnsnet");
        assertThat(HostNetworkJanitor.run("ss", "-lunH", "src", prefix + ".1:53")).as("stopped with the network").isBlank();
    }

    private static DockerCli docker() { return berth.docker(); }

    private void plugIntoBridge(String address) {
        HostNetworkJanitor.run("ip", "netns", "add", netns);
        HostNetworkJanitor.run("ip", "link", "add", "name", veth, "type", "veth", "peer", "name", veth + "p");
        HostNetworkJanitor.run("ip", "link", "set", "dev", veth + "p", "netns", netns);
        HostNetworkJanitor.run("ip", "link", "set", "dev", veth, "master", bridge);
        HostNetworkJanitor.run("ip", "link", "set", "dev", veth, "up");
        HostNetworkJanitor.run("ip", "-n", netns, "addr", "add", address, "dev", veth + "p");
        HostNetworkJanitor.run("ip", "-n", netns, "link", "set", "dev", veth + "p", "up");
    }

    private String nslookup(String name, String server) {
        return HostNetworkJanitor.run("ip", "netns", "exec", netns, "busybox", "nslookup", name, server);
    }
}
