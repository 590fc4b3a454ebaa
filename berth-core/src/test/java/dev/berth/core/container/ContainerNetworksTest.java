package dev.berth.core.container;

import static org.assertj.core.api.Assertions.assertThat;

import dev.berth.core.filter.Filters;
import dev.berth.core.network.NetworkService.NetworkSettingsRequest;
import dev.berth.core.network.PortBinding;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ContainerNetworksTest {

    @Test
    void publishAllAddsAnEphemeralPortForEveryExposedPortWithoutABinding() {
        var net = new ContainerNetworkConfig(null, List.of(PortBinding.of("tcp", 80, "", 8080)), true, null, null, null, null, null);
        Container c = Fixtures.container("web", ContainerState.CREATED, Instant.EPOCH, Map.of());
        c = new Container(c.id(), c.name(), c.created(), c.path(), c.args(), c.config().withExposedPorts(Set.of("80/tcp", "53/udp")),
            c.hostConfig().withNetwork(net), c.imageId(), c.state(), null, null, 0, false, c.logPath());
        assertThat(ContainerNetworks.bindings(c)).containsExactlyInAnyOrder(
            PortBinding.of("tcp", 80, "", 8080), PortBinding.of("udp", 53, "", 0));
    }

    @Test
    void psFiltersByNetworkNameAndExposedPort() {
        var net = new ContainerNetworkConfig(List.of(new NetworkSettingsRequest("un", List.of(), null, null)), null, false,
            null, null, null, null, null);
        Container c = Fixtures.container("web", ContainerState.CREATED, Instant.EPOCH, Map.of());
        c = new Container(c.id(), c.name(), c.created(), c.path(), c.args(), c.config().withExposedPorts(Set.of("80/tcp")),
            c.hostConfig().withNetwork(net), c.imageId(), c.state(), null, null, 0, false, c.logPath());
        assertThat(ContainerNetworks.matchesFilters(c, new Filters(Map.of("network", List.of("un"))))).isTrue();
        assertThat(ContainerNetworks.matchesFilters(c, new Filters(Map.of("network", List.of("bridge"))))).isFalse();
        assertThat(ContainerNetworks.matchesFilters(c, new Filters(Map.of("expose", List.of("80"))))).isTrue();
        assertThat(ContainerNetworks.matchesFilters(c, new Filters(Map.of("expose", List.of("81/tcp"))))).isFalse();
        Container none = Fixtures.container("n", ContainerState.CREATED, Instant.EPOCH, Map.of());
        assertThat(ContainerNetworks.matchesFilters(none, new Filters(Map.of("network", List.of("none"))))).isTrue();
    }
}
