package dev.berth.api.mappers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.berth.api.types.ContainerCreateRequest;
import dev.berth.api.types.NetworkConnectRequest;
import dev.berth.common.error.BerthException;
import dev.berth.core.container.ContainerNetworkConfig.ExtraHost;
import dev.berth.core.container.ContainerNetworkConfig.Link;
import dev.berth.core.network.NetworkService.NetworkSettingsRequest;
import dev.berth.core.network.PortBinding;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class NetworkOptionsMapperTest {

    @Test
    void portBindingsAsTheCliSendsThem() {
        Map<String, Object> wire = new LinkedHashMap<>();
        wire.put("80/tcp", List.of(Map.of("HostIp", "", "HostPort", "8080"), Map.of("HostIp", "127.0.0.1", "HostPort", "")));
        wire.put("53/udp", List.of(Map.of("HostIp", "127.0.0.1", "HostPort", "5300-5310")));
        wire.put("81", List.of(Map.of("HostIp", "::", "HostPort", "81")));
        assertThat(NetworkOptionsMapper.portBindings(wire)).containsExactly(
            new PortBinding("tcp", 80, "", 8080, 8080),
            new PortBinding("tcp", 80, "127.0.0.1", 0, 0),
            new PortBinding("udp", 53, "127.0.0.1", 5300, 5310));
        assertThatThrownBy(() -> NetworkOptionsMapper.portBindings(Map.of("x/tcp", List.of())))
            .isInstanceOf(BerthException.InvalidArgument.class);
        assertThatThrownBy(() -> NetworkOptionsMapper.portBindings(Map.of("80/tcp", List.of(Map.of("HostPort", "99999")))))
            .isInstanceOf(BerthException.InvalidArgument.class);
    }

    @Test
    void extraHostsAndLinks() {
        assertThat(NetworkOptionsMapper.extraHosts(List.of("a:192.0.2.1", "b=::1", "c:host-gateway", "d:[fe80::1]")))
            .containsExactly(new ExtraHost("a", "192.0.2.1"), new ExtraHost("b", "::1"), new ExtraHost("c", "host-gateway"),
                new ExtraHost("d", "fe80::1"));
        assertThatThrownBy(() -> NetworkOptionsMapper.extraHosts(List.of("a:nowhere"))).isInstanceOf(BerthException.InvalidArgument.class);
        assertThat(NetworkOptionsMapper.links(List.of("db:mydb", "cache", "/x:/web/y")))
            .containsExactly(new Link("db", "mydb"), new Link("cache", "cache"), new Link("x", "y"));
    }

    @Test
    void endpointsAndTheOldTopLevelMacAddress() {
        var ec = new NetworkConnectRequest.EndpointConfig(new NetworkConnectRequest.IpamAddresses("10.1.0.5", null), List.of("a"), null);
        var nc = new ContainerCreateRequest.NetworkingConfig(Map.of("un", ec));
        var net = NetworkOptionsMapper.network(null, nc, "02:42:00:00:00:01");
        assertThat(net.networks()).containsExactly(
            new NetworkSettingsRequest("default", List.of(), null, "02:42:00:00:00:01"),
            new NetworkSettingsRequest("un", List.of("a"), "10.1.0.5", null));
        assertThatThrownBy(() -> NetworkOptionsMapper.network(null, nc, "nope")).isInstanceOf(BerthException.InvalidArgument.class);
    }
}
