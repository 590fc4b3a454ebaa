package dev.berth.network;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.berth.common.error.BerthException;
import dev.berth.core.network.NetworkDriver;
import dev.berth.core.network.PortBinding;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The bridge driver on the real kernel: only the test's own bridge, namespaces, subnet and chains
 * are touched, and traffic goes only to loopback and to those namespaces.
 */
class BridgeDriverKernelTest {
    private final KernelFixture fx = new KernelFixture();
    private final IpRoute2 ip = new IpRoute2(fx.runner);
    private final Iptables iptables = new Iptables(fx.runner, fx.prefix);
    private final BridgeDriver driver = new BridgeDriver(ip, iptables, new PortPublisher(iptables), new BridgeDriver.Settings(false, 1500));
    private static final String NET = "a".repeat(64);

    @AfterEach
    void cleanUp() {
        fx.close();
    }

    private void createNetwork() {
        driver.createNetwork(new NetworkDriver.NetworkSpec(NET, "test", fx.subnet, fx.address(1), false,
            Map.of(BridgeDriver.OPT_NAME, fx.bridge), Map.of()), false);
    }

    private String join(String endpointId, int host, String netns) {
        driver.createEndpoint(NET, endpointId, new NetworkDriver.EndpointInterface(fx.address(host), null));
        var info = driver.join(NET, endpointId, netns, "eth0", true);
        assertThat(info.interfaceName()).isEqualTo("eth0");
        assertThat(info.gateway()).isEqualTo(fx.address(1).addressText());
        return fx.address(host).addressText();
    }

    @Test
    void twoNamespacesOnOneBridgeReachEachOtherAndTheGateway() {
        createNetwork();
        String a = fx.netns("a");
        String b = fx.netns("b");
        join("1".repeat(64), 2, a);
        String ipB = join("2".repeat(64), 3, b);
        assertThat(fx.inNetns(a, "busybox", "ping", "-c", "1", "-W", "3", ipB).ok()).as("a pings b").isTrue();
        assertThat(fx.inNetns(b, "busybox", "ping", "-c", "1", "-W", "3", fx.address(1).addressText()).ok()).as("b pings the gateway").isTrue();
        String route = fx.inNetns(a, "ip", "-json", "route", "show", "default").stdout();
        assertThat(route).contains(fx.address(1).addressText()).contains("eth0");
        assertThat(fx.inNetns(a, "ip", "-json", "link", "show", "lo").stdout()).contains("\"UP\"");

        driver.deleteEndpoint(NET, "1".repeat(64));
        assertThat(fx.inNetns(a, "ip", "link", "show", "eth0").ok()).as("eth0 gone with its veth").isFalse();
        driver.deleteNetwork(NET);
        assertThat(ip.exists(fx.bridge)).isFalse();
        assertThat(fx.iptablesSave()).doesNotContain(fx.prefix);
    }

    @Test
    void publishedPortAnswersOnLoopbackAndTheBridgeAddressAndIsGoneAfterUnpublish(@TempDir Path www) throws Exception {
        createNetwork();
        String ns = fx.netns("web");
        String containerIp = join("3".repeat(64), 2, ns);
        Files.writeString(www.resolve("index.html"), "hi from the netns\n");
        fx.startInNetns(ns, "busybox", "httpd", "-f", "-p", "80", "-h", www.toString());

        var published = driver.programExternalConnectivity(NET, "3".repeat(64), fx.address(2),
            List.of(new PortBinding("tcp", 80, "", 0, 0)));
        int port = published.getFirst().hostPort();
        assertThat(port).isBetween(1024, 65535);
        assertThat(fx.iptablesSave()).contains(fx.prefix + ":" + fx.bridge + ":tcp/" + port);

        assertThat(fetch("127.0.0.1", port)).isEqualTo("hi from the netns\n");
        assertThat(fetch(fx.address(1).addressText(), port)).isEqualTo("hi from the netns\n");

        assertThatThrownBy(() -> driver.programExternalConnectivity(NET, "3".repeat(64), fx.address(2),
            List.of(new PortBinding("tcp", 80, "", port, port), new PortBinding("tcp", 81, "", port, port))))
            .as("the same host port twice: nothing stays configured").isInstanceOf(BerthException.Conflict.class)
            .hasMessageContaining("port is already allocated");
        assertThat(fx.iptablesSave()).doesNotContain(":tcp/" + port);

        var again = driver.programExternalConnectivity(NET, "3".repeat(64), fx.address(2),
            List.of(new PortBinding("tcp", 80, "127.0.0.1", port, port)));
        assertThat(again.getFirst().hostPort()).isEqualTo(port);
        assertThat(fetch("127.0.0.1", port)).isEqualTo("hi from the netns\n");
        driver.revokeExternalConnectivity(NET, "3".repeat(64));
        assertThat(fx.iptablesSave()).doesNotContain(":tcp/" + port);
        assertThat(containerIp).isNotEmpty();

        driver.deleteNetwork(NET);
        assertThat(fx.iptablesSave()).doesNotContain(fx.prefix).doesNotContain(fx.bridge);
    }

    @Test
    void aHostPortInUseIsAClearConflictAndLeavesNoRule() throws Exception {
        createNetwork();
        String ns = fx.netns("busy");
        join("4".repeat(64), 2, ns);
        try (var taken = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            int port = taken.getLocalPort();
            assertThatThrownBy(() -> driver.programExternalConnectivity(NET, "4".repeat(64), fx.address(2),
                List.of(new PortBinding("tcp", 80, "127.0.0.1", port, port))))
                .isInstanceOf(BerthException.Conflict.class).hasMessageContaining("127.0.0.1:" + port);
            assertThat(fx.iptablesSave()).doesNotContain(":tcp/" + port);
        }
        driver.deleteNetwork(NET);
    }

    private static String fetch(String host, int port) throws Exception {
        HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
        Exception last = null;
        for (int i = 0; i < 50; i++) {
            try {
                var req = HttpRequest.newBuilder(URI.create("http://" + host + ":" + port + "/index.html")).timeout(Duration.ofSeconds(5)).build();
                return client.send(req, HttpResponse.BodyHandlers.ofString()).body();
            } catch (java.io.IOException e) {
                last = e;
                Thread.sleep(100);
            }
        }
        throw last;
    }
}
