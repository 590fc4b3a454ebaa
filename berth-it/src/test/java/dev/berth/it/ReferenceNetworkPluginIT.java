package dev.berth.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The network plugin contract against Debian's dockerd 20.10: the same SDK-built plugin binaries
 * Berth uses, driven by Docker's own libnetwork. dockerd only looks in /run/docker/plugins, so the
 * sockets go there under unique names and are removed afterwards.
 */
class ReferenceNetworkPluginIT extends NetworkPluginContract {
    private static ReferenceDockerd dockerd;

    @BeforeAll
    static void startDockerd() {
        dockerd = ReferenceDockerd.start();
    }

    @AfterAll
    static void stopDockerd() {
        if (dockerd != null) dockerd.close();
    }

    @Override protected DockerCli docker() { return dockerd.docker(); }

    @Override protected Path pluginDir() { return Path.of("/run/docker/plugins"); }

    /**
     * The Join reply the SDK writes (SrcName, DstPrefix, Gateway) is what libnetwork expects: the
     * plugin's veth becomes the container's eth0 with the IPAM plugin's address and default route.
     * This is what Berth's network service does with it too (PluginNetworkAttachKernelTest).
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
