package dev.berth.it;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * {@code docker network …} against berthd with its own default bridge, chain prefix and address
 * pools; everything the daemon put on the host is checked gone after it stops.
 */
class NetworkIT {
    static final HostNetworkJanitor host = new HostNetworkJanitor();
    @RegisterExtension static BerthDaemonExtension berth = new BerthDaemonExtension(b -> b.configJson(host.daemonJson()));

    @AfterAll
    static void cleanUp() {
        host.cleanUp();
    }

    private static DockerCli docker() { return berth.docker(); }

    @Test
    void theDefaultBridgeUsesTheConfiguredDeviceAndAPoolAddress() {
        String name = docker().ok("network", "inspect", "bridge", "--format",
            "{{index .Options \"com.docker.network.bridge.name\"}}|{{.Driver}}|{{(index .IPAM.Config 0).Subnet}}").stdout().strip();
        assertThat(name).startsWith(host.bridge + "|bridge|10." + host.second + ".");
        assertThat(HostNetworkJanitor.run("ip", "-json", "addr", "show", "dev", host.bridge)).contains("10." + host.second + ".");
        assertThat(docker().ok("network", "ls", "--format", "{{.Name}} {{.Driver}}").stdout())
            .contains("bridge bridge", "host host", "none null");
    }

    @Test
    void createEchoesOptionsLabelsAndIpamAndLsFilters() {
        String own = host.bridge + "u";
        host.ownLink(own);
        String subnet = "10." + host.second + ".250.0/24";
        String gateway = "10." + host.second + ".250.254";
        String id = docker().ok("network", "create", "--subnet", subnet, "--gateway", gateway, "--label", "team=a",
            "-o", "com.example=x", "-o", "com.docker.network.bridge.name=" + own, "n1").stdout().strip();
        assertThat(id).hasSize(64);
        assertThat(docker().ok("network", "inspect", "n1", "--format", "{{json .Options}}").stdout().strip())
            .isEqualTo("{\"com.docker.network.bridge.name\":\"" + own + "\",\"com.example\":\"x\"}");
        assertThat(docker().ok("network", "inspect", "n1", "--format", "{{json .IPAM.Config}}").stdout().strip())
            .isEqualTo("[{\"Subnet\":\"" + subnet + "\",\"Gateway\":\"" + gateway + "\"}]");
        assertThat(docker().ok("network", "inspect", "n1", "--format", "{{json .Labels}}").stdout().strip()).isEqualTo("{\"team\":\"a\"}");
        assertThat(HostNetworkJanitor.run("ip", "-json", "addr", "show", "dev", own)).contains(gateway);
        assertThat(host.iptablesSave()).contains(host.prefix + ":" + own);

        assertThat(docker().ok("network", "ls", "--filter", "label=team=a", "--format", "{{.Name}}").stdout().strip()).isEqualTo("n1");
        assertThat(docker().ok("network", "ls", "--filter", "type=custom", "--format", "{{.Name}}").stdout().strip()).isEqualTo("n1");
        assertThat(docker().ok("network", "ls", "--filter", "name=n1", "-q").stdout().strip()).isEqualTo(id.substring(0, 12));
        assertThat(docker().ok("network", "ls", "--filter", "driver=null", "--format", "{{.Name}}").stdout().strip()).isEqualTo("none");
        assertThat(docker().run("network", "create", "n1").stderr()).contains("network with name n1 already exists");

        docker().ok("network", "rm", "n1");
        assertThat(docker().run("network", "inspect", "n1").stderr()).contains("network n1 not found");
        assertThat(host.links()).doesNotContain(own);
        assertThat(host.iptablesSave()).doesNotContain(host.prefix + ":" + own);
    }

    @Test
    void aNetworkWithoutIpamGetsTheNextPoolAndPruneRemovesIt() {
        String id = docker().ok("network", "create", "--label", "prune=me", "p1").stdout().strip();
        host.ownLink("br-" + id.substring(0, 12));
        String subnet = docker().ok("network", "inspect", "p1", "--format", "{{(index .IPAM.Config 0).Subnet}}").stdout().strip();
        assertThat(subnet).startsWith("10." + host.second + ".").endsWith("/24");
        assertThat(host.links()).contains("br-" + id.substring(0, 12));
        docker().ok("network", "create", "keep");
        var pruned = docker().ok("network", "prune", "-f", "--filter", "label=prune=me").stdout();
        assertThat(pruned).contains("p1").doesNotContain("keep");
        assertThat(host.links()).doesNotContain("br-" + id.substring(0, 12));
        assertThat(docker().run("network", "rm", "bridge").stderr()).contains("bridge is a pre-defined network and cannot be removed");
        docker().ok("network", "rm", "keep");
    }

    @Test
    void networksSurviveARestartAndNothingStaysOnTheHostAfterStop() {
        var own = new HostNetworkJanitor();
        try {
            String id;
            try (var daemon = BerthDaemonProcess.builder().configJson(own.daemonJson()).start()) {
                id = daemon.docker().ok("network", "create", "--subnet", "10." + own.second + ".7.0/24", "-o", "com.example=y", "r1")
                    .stdout().strip();
                own.ownLink("br-" + id.substring(0, 12));
                assertThat(own.links()).contains(own.bridge).contains("br-" + id.substring(0, 12));
                daemon.stop();
                assertThat(own.links()).doesNotContain(own.bridge).doesNotContain("br-" + id.substring(0, 12));
                assertThat(own.iptablesSave()).doesNotContain(own.prefix).doesNotContain(own.bridge);
                try (var again = BerthDaemonProcess.builder().dataRoot(daemon.dataRoot()).configJson(own.daemonJson()).start()) {
                    assertThat(again.docker().ok("network", "inspect", "r1", "--format", "{{.Id}} {{json .Options}}").stdout().strip())
                        .isEqualTo(id + " {\"com.example\":\"y\"}");
                    assertThat(own.links()).contains("br-" + id.substring(0, 12));
                    again.docker().ok("network", "rm", "r1");
                    again.stop();
                }
            }
            assertThat(own.links()).doesNotContain(own.bridge);
            assertThat(own.iptablesSave()).doesNotContain(own.prefix);
        } finally {
            own.cleanUp();
        }
    }
}
