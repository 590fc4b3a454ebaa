package dev.berth.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * {@code "icc": false}: containers on the default bridge cannot reach each other, as with
 * dockerd's {@code --icc=false}; a user-defined network is not affected.
 */
class InterContainerTrafficIT {
    static final HostNetworkJanitor host = new HostNetworkJanitor();
    @RegisterExtension static final BerthDaemonExtension berth =
        new BerthDaemonExtension(b -> b.configJson(host.daemonJson().replaceFirst("\\{", "{\"icc\": false, ")));

    @BeforeAll
    static void importBusybox() {
        Path tar = TestImages.busyboxRootfsTar(berth.daemon().scratch());
        berth.docker().ok("import", tar.toString(), "busybox:latest");
    }

    @AfterEach
    void removeContainers() {
        ContainerCleanup.removeAll(berth.daemon());
    }

    @AfterAll
    static void cleanUp() {
        host.cleanUp();
    }

    private static final String HTTPD = "mkdir -p /www && echo reached > /www/index.html && exec httpd -f -p 80 -h /www";
    private static final String FETCH = "printf 'GET /index.html HTTP/1.0\\r\\n\\r\\n' | nc -w 3 %s 80";

    @Test
    void containersOnTheDefaultBridgeAreIsolatedFromEachOther() {
        var docker = berth.docker();
        docker.ok("run", "-d", "--pull", "never", "--name", "srv", "busybox", "sh", "-c", HTTPD);
        String ip = docker.ok("inspect", "-f", "{{.NetworkSettings.IPAddress}}", "srv").stdout().strip();
        var blocked = docker.run("run", "--rm", "--pull", "never", "busybox", "sh", "-c", FETCH.formatted(ip));
        assertThat(blocked.stdout()).doesNotContain("reached");

        docker.ok("network", "create", "-o", "com.docker.network.bridge.name=" + host.bridge + "i", "open");
        host.ownLink(host.bridge + "i");
        try {
            docker.ok("run", "-d", "--pull", "never", "--name", "srv2", "--network", "open", "busybox", "sh", "-c", HTTPD);
            String ip2 = docker.ok("inspect", "-f", "{{.NetworkSettings.Networks.open.IPAddress}}", "srv2").stdout().strip();
            assertThat(docker.ok("run", "--rm", "--pull", "never", "--network", "open", "busybox", "sh", "-c",
                FETCH.formatted(ip2)).stdout()).contains("reached");
        } finally {
            ContainerCleanup.removeAll(berth.daemon());
            docker.run("network", "rm", "open");
        }
    }
}
