package dev.berth.network;

import static org.assertj.core.api.Assertions.assertThat;

import dev.berth.common.process.CommandRunner;
import dev.berth.core.network.Ipv4Cidr;
import dev.berth.core.network.NetworkDriver;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The exact ip/sysctl commands of the bridge driver, without touching the host. */
class BridgeDriverArgvTest {
    private final RecordingRunner runner = new RecordingRunner();
    private final BridgeDriver driver = new BridgeDriver(new IpRoute2(runner), null, new PortPublisher(null),
        new BridgeDriver.Settings(false, 1500));
    private static final String NET = "0123456789ab".repeat(5) + "cdef";
    private static final String EP = "fedcba987654".repeat(5) + "3210";

    @Test
    void createNetworkAddsAnUnnamedBridgeAsBrPlusTwelveHex() {
        runner.answer = argv -> argv.contains("show") ? new CommandRunner.Result(1, "", "Device \"x\" does not exist.")
            : new CommandRunner.Result(0, "", "");
        driver.createNetwork(new NetworkDriver.NetworkSpec(NET, "n", Ipv4Cidr.parse("10.1.0.0/24"), Ipv4Cidr.parse("10.1.0.1/24"),
            false, Map.of(BridgeDriver.OPT_MTU, "1400"), Map.of()), false);
        assertThat(runner.lines()).containsExactly(
            "ip -json link show dev br-0123456789ab",
            "ip link add name br-0123456789ab mtu 1400 address " + IpRoute2.bridgeMac("br-0123456789ab") + " type bridge",
            "ip addr replace 10.1.0.1/24 dev br-0123456789ab",
            "ip link set dev br-0123456789ab up");
    }

    @Test
    void endpointAndJoinMoveThePeerAndConfigureItInOneBatch() {
        driver.createNetwork(new NetworkDriver.NetworkSpec(NET, "n", Ipv4Cidr.parse("10.1.0.0/24"), Ipv4Cidr.parse("10.1.0.1/24"),
            false, Map.of(BridgeDriver.OPT_NAME, "bx0"), Map.of()), true);
        runner.calls.clear();
        runner.stdins.clear();
        driver.createEndpoint(NET, EP, new NetworkDriver.EndpointInterface(Ipv4Cidr.parse("10.1.0.2/24"), "02:42:0a:01:00:02"));
        var info = driver.join(NET, EP, "/run/netns/c1", "eth0", true);
        assertThat(info.gateway()).isEqualTo("10.1.0.1");
        assertThat(runner.lines()).containsExactly(
            "ip -batch -",
            "ip link set dev vpfedcba987654 netns /run/netns/c1",
            "nsenter --net=/run/netns/c1 ip -batch -");
        assertThat(runner.stdins.getFirst()).isEqualTo("""
            link add name vethfedcba9 mtu 1500 type veth peer name vpfedcba987654 mtu 1500
            link set dev vethfedcba9 master bx0
            link set dev vethfedcba9 type bridge_slave hairpin on
            link set dev vethfedcba9 up
            """);
        assertThat(runner.stdins.getLast()).isEqualTo("""
            link set dev vpfedcba987654 name eth0
            link set dev lo up
            link set dev eth0 address 02:42:0a:01:00:02
            addr add 10.1.0.2/24 dev eth0
            link set dev eth0 up
            route replace default via 10.1.0.1 dev eth0
            """);
        runner.calls.clear();
        driver.deleteEndpoint(NET, EP);
        assertThat(runner.lines()).containsExactly("ip link del dev vethfedcba9");
    }
}
