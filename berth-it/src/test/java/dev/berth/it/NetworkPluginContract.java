package dev.berth.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.HexFormat;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code docker network create -d <plugin> --ipam-driver <plugin>} with the SDK-built test
 * plugins, each its own process: the network gets the IPAM plugin's pool and lives on the
 * network plugin's bridge. Runs against Berth and, to prove the plugins and expectations speak
 * Docker's protocol, against a reference dockerd. Each test owns its plugin names, bridge and a
 * /24 no host route uses; the bridge is removed even if a test fails.
 */
abstract class NetworkPluginContract {
    protected final String suffix = HexFormat.of().formatHex(new SecureRandom().generateSeed(3));
    protected final String netPlugin = "berth-it-net-" + suffix;
    protected final String ipamPlugin = "berth-it-ipam-" + suffix;
    protected final String bridge = "tn" + suffix;
    protected final String pool = freeSubnet();
    protected TestNetworkPlugin network;
    protected TestNetworkPlugin ipam;

    protected abstract DockerCli docker();

    /** Where the engine finds plugin sockets. */
    protected abstract Path pluginDir();

    @BeforeEach
    void startPlugins() {
        network = TestNetworkPlugin.network(netPlugin, pluginDir().resolve(netPlugin + ".sock"));
        ipam = TestNetworkPlugin.ipam(ipamPlugin, pluginDir().resolve(ipamPlugin + ".sock"), pool);
    }

    @AfterEach
    void stopPlugins() {
        try {
            if (network != null) network.close();
            if (ipam != null) ipam.close();
        } finally {
            HostNetworkJanitor.run("ip", "link", "del", "dev", bridge);
        }
    }

    /** A 10.x.y.0/24 in 10.180-199 that no host route touches. */
    private static String freeSubnet() {
        String routes = HostNetworkJanitor.run("ip", "-4", "route", "show");
        SecureRandom r = new SecureRandom();
        String prefix;
        do {
            prefix = "10." + (180 + r.nextInt(20)) + "." + r.nextInt(256);
        } while (routes.contains(prefix + "."));
        return prefix + ".0/24";
    }

    protected String net(String name) { return name + "-" + suffix; }

    protected String pool24() { return pool.substring(0, pool.lastIndexOf('.')); }

    @Test
    void aNetworkOfThePluginsGetsTheIpamPoolAndThePluginsBridge() {
        String name = net("pn1");
        String id = docker().ok("network", "create", "-d", netPlugin, "--ipam-driver", ipamPlugin,
            "-o", "dev.berth.testnet.bridge=" + bridge, name).stdout().strip();
        assertThat(id).hasSize(64);
        assertThat(docker().ok("network", "inspect", name, "--format",
            "{{.Driver}}|{{.Scope}}|{{.IPAM.Driver}}|{{range .IPAM.Config}}{{.Subnet}} {{.Gateway}}{{end}}").stdout().strip())
            .isEqualTo(netPlugin + "|local|" + ipamPlugin + "|" + pool + " " + pool24() + ".1");
        assertThat(HostNetworkJanitor.run("ip", "-4", "-o", "addr", "show", "dev", bridge)).contains(pool24() + ".1/24");
        assertThat(docker().ok("network", "ls", "--filter", "driver=" + netPlugin, "--format", "{{.Name}}").stdout().strip())
            .isEqualTo(name);

        docker().ok("network", "rm", name);
        assertThat(HostNetworkJanitor.run("ip", "link", "show", "dev", bridge)).as("the plugin removed its bridge").contains("does not exist");
        assertThat(docker().run("network", "inspect", name).ok()).isFalse();
    }

    @Test
    void aSubnetAndGatewayAskedForAreWhatThePluginsGive() {
        String name = net("pn2");
        docker().ok("network", "create", "-d", netPlugin, "--ipam-driver", ipamPlugin, "--subnet", pool,
            "--gateway", pool24() + ".254", "-o", "dev.berth.testnet.bridge=" + bridge, name);
        assertThat(docker().ok("network", "inspect", name, "--format", "{{range .IPAM.Config}}{{.Subnet}} {{.Gateway}}{{end}}")
            .stdout().strip()).isEqualTo(pool + " " + pool24() + ".254");
        assertThat(HostNetworkJanitor.run("ip", "-4", "-o", "addr", "show", "dev", bridge)).contains(pool24() + ".254/24");
        docker().ok("network", "rm", name);
    }

    @Test
    void theIpamPluginAloneServesABuiltInBridgeNetwork() {
        String name = net("pn3");
        docker().ok("network", "create", "--ipam-driver", ipamPlugin, "-o", "com.docker.network.bridge.name=" + bridge, name);
        assertThat(docker().ok("network", "inspect", name, "--format", "{{.Driver}} {{range .IPAM.Config}}{{.Subnet}}{{end}}")
            .stdout().strip()).isEqualTo("bridge " + pool);
        assertThat(HostNetworkJanitor.run("ip", "-4", "-o", "addr", "show", "dev", bridge)).contains(pool24() + ".1/24");
        docker().ok("network", "rm", name);
    }

    /**
     * The Join reply the SDK writes (SrcName, DstPrefix, Gateway) is what libnetwork expects: the
     * plugin's veth becomes the container's eth0 with the IPAM plugin's address and default route.
     * Berth's network service does the same with it.
     */
    @Test
    void aContainerOnThePluginNetworkGetsThePluginsInterfaceAsEth0(@TempDir Path tmp) {
        docker().runWithStdin(TestImages.busyboxRootfsTar(tmp), "import", "-", "netplugin-busybox:1").assertOk();
        String name = net("pc");
        docker().ok("network", "create", "-d", netPlugin, "--ipam-driver", ipamPlugin, "-o", "dev.berth.testnet.bridge=" + bridge, name);
        try {
            String out = docker().ok("run", "--rm", "--network", name, "netplugin-busybox:1", "sh", "-c",
                "ip -4 -o addr show dev eth0; ip route show default").stdout();
            assertThat(out).contains(pool24() + ".2/24").contains("default via " + pool24() + ".1 dev eth0");
        } finally {
            docker().run("network", "rm", name);
            docker().run("rmi", "netplugin-busybox:1");
        }
    }
}
