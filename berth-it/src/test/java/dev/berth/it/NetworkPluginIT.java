package dev.berth.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The network plugin contract against berthd, plus what only Berth is asked here: lookup errors and a restart. */
class NetworkPluginIT extends NetworkPluginContract {
    private static final ScratchDir PLUGIN_DIR = ScratchDir.create("berth-it-netplugins-");
    static final HostNetworkJanitor host = new HostNetworkJanitor();
    @RegisterExtension static BerthDaemonExtension berth = new BerthDaemonExtension(b -> b.configJson(host.daemonJson())
        .args("--plugin-dir", PLUGIN_DIR.path().toString()));

    @AfterAll
    static void cleanUp() {
        host.cleanUp();
        PLUGIN_DIR.close();
    }

    @Override protected DockerCli docker() { return berth.docker(); }

    @Override protected Path pluginDir() { return PLUGIN_DIR.path(); }

    @Test
    void anUnknownDriverOrIpamPluginIsNotFound() {
        assertThat(docker().run("network", "create", "-d", "nosuch-" + suffix, net("x")).stderr())
            .contains("plugin \"nosuch-" + suffix + "\" not found");
        assertThat(docker().run("network", "create", "--ipam-driver", "nosuch-" + suffix, net("y")).stderr())
            .contains("plugin \"nosuch-" + suffix + "\" not found");
        assertThat(docker().run("network", "create", "-d", ipamPlugin, net("z")).stderr())
            .as("an IPAM plugin is no network driver").contains("does not implement NetworkDriver");
    }

    @Test
    void aPluginNetworkSurvivesARestartAndIsRemovedThroughThePluginAfterwards() {
        String name = net("pr");
        docker().ok("network", "create", "-d", netPlugin, "--ipam-driver", ipamPlugin, "-o", "dev.berth.testnet.bridge=" + bridge, name);
        berth.daemon().crashAndRestart();
        assertThat(docker().ok("network", "inspect", name, "--format", "{{.Driver}} {{range .IPAM.Config}}{{.Subnet}}{{end}}")
            .stdout().strip()).isEqualTo(netPlugin + " " + pool);
        docker().ok("network", "rm", name);
        assertThat(HostNetworkJanitor.run("ip", "link", "show", "dev", bridge)).contains("does not exist");
    }
}
