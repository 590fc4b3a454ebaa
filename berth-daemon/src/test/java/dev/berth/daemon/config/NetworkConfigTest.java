package dev.berth.daemon.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.berth.common.error.BerthException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

class NetworkConfigTest {
    private static final Path FILE = Path.of("/etc/berth/daemon.json");

    private static DaemonConfigFileReader.Parsed parse(String json) {
        return DaemonConfigFileReader.parse(FILE, json.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void dockerdsNetworkingKeysAreReadNextToTheOthers() {
        var parsed = parse("""
            {"debug": true, "bridge": "bt0", "bip": "10.99.0.1/24", "fixed-cidr": "10.99.0.128/25", "mtu": 1400,
             "default-address-pools": [{"base": "10.100.0.0/16", "size": 24}], "iptables": true, "ip-forward": false, "icc": false}""");
        assertThat(parsed.config().debug()).isTrue();
        var n = NetworkConfig.resolve(NetworkFlags.NONE, parsed.network());
        assertThat(n.bridge()).isEqualTo("bt0");
        assertThat(n.bip()).hasToString("10.99.0.1/24");
        assertThat(n.fixedCidr()).hasToString("10.99.0.128/25");
        assertThat(n.mtu()).isEqualTo(1400);
        assertThat(n.defaultAddressPools()).hasSize(1);
        assertThat(n.ipForward()).isFalse();
        assertThat(n.icc()).isFalse();
        assertThat(n.iptablesChainPrefix()).isEqualTo("BERTH");
    }

    @Test
    void defaultsAreDockerds() {
        var n = NetworkConfig.resolve(NetworkFlags.NONE, NetworkConfigFile.EMPTY);
        assertThat(n.bridge()).isEqualTo("berth0");
        assertThat(n.bip()).isNull();
        assertThat(n.mtu()).isEqualTo(1500);
        assertThat(n.iptables()).isTrue();
        assertThat(n.ipForward()).isTrue();
        assertThat(n.icc()).isTrue();
    }

    @Test
    void flagsAndBadValues() {
        var n = NetworkConfig.resolve(new NetworkFlags("none", null, null, null, List.of("base=10.5.0.0/16,size=26"), false, null, null),
            NetworkConfigFile.EMPTY);
        assertThat(n.hasDefaultBridge()).isFalse();
        assertThat(n.defaultAddressPools().getFirst().size()).isEqualTo(26);
        assertThatThrownBy(() -> NetworkConfig.resolve(new NetworkFlags(null, "10.0.0.0/24", null, null, null, null, null, null),
            NetworkConfigFile.EMPTY)).isInstanceOf(BerthException.InvalidArgument.class);
        assertThatThrownBy(() -> NetworkConfig.resolve(new NetworkFlags(null, null, null, null, null, false, null, false),
            NetworkConfigFile.EMPTY)).hasMessageContaining("--icc=false needs --iptables");
        assertThatThrownBy(() -> parse("{\"bridge\": \"x\", \"nope\": 1}")).hasMessageContaining("nope");
    }

    @Test
    void aKeyGivenAsFlagAndInTheFileIsRefused() {
        var parsed = parse("{\"mtu\": 1400}");
        var resolver = new DaemonConfigResolver(new DaemonConfigResolver.Host(g -> true, Path.of("/nonexistent")));
        assertThatThrownBy(() -> resolver.resolve(DaemonFlags.NONE, new NetworkFlags(null, null, null, 1300, null, null, null, null), parsed))
            .hasMessageContaining("mtu: (from flag: 1300, from file: 1400)");
    }
}
