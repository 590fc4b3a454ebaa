package dev.berth.network;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.berth.common.error.BerthException;
import dev.berth.core.network.IpamDriver;
import dev.berth.core.network.Ipv4Cidr;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class DefaultIpamTest {
    private static final Map<String, String> GW = Map.of(IpamDriver.GATEWAY_OPTION, IpamDriver.GATEWAY_VALUE);
    private final List<Ipv4Cidr> routes = new ArrayList<>();
    private final DefaultIpam ipam = new DefaultIpam(List.of(), () -> routes);

    @Test
    void defaultPoolsSkipRoutesTheHostAlreadyHas() {
        routes.add(Ipv4Cidr.parse("172.17.0.0/16"));
        routes.add(Ipv4Cidr.parse("172.18.5.0/24"));
        assertThat(ipam.requestPool("LocalDefault", null, null, Map.of()).pool()).hasToString("172.19.0.0/16");
        assertThat(ipam.requestPool("LocalDefault", null, null, Map.of()).pool()).hasToString("172.20.0.0/16");
    }

    @Test
    void afterThe172PoolsCome192168Slash20s() {
        routes.add(Ipv4Cidr.parse("172.16.0.0/12"));
        assertThat(ipam.requestPool("LocalDefault", null, null, Map.of()).pool()).hasToString("192.168.0.0/20");
        assertThat(ipam.requestPool("LocalDefault", null, null, Map.of()).pool()).hasToString("192.168.16.0/20");
    }

    @Test
    void configuredPoolsAreCarvedBySize() {
        var custom = new DefaultIpam(List.of(new AddressPool(Ipv4Cidr.parse("10.201.0.0/16"), 24)), () -> List.of(Ipv4Cidr.parse("10.201.0.0/24")));
        assertThat(custom.requestPool("LocalDefault", null, null, Map.of()).pool()).hasToString("10.201.1.0/24");
    }

    @Test
    void explicitPoolsMustNotOverlapAllocatedOnes() {
        ipam.requestPool("LocalDefault", "10.5.0.0/16", null, Map.of());
        assertThatThrownBy(() -> ipam.requestPool("LocalDefault", "10.5.3.0/24", null, Map.of()))
            .isInstanceOf(BerthException.Forbidden.class).hasMessageContaining("Pool overlaps");
        var next = ipam.requestPool("LocalDefault", null, null, Map.of());
        assertThat(next.pool()).hasToString("172.17.0.0/16");
    }

    @Test
    void gatewayFirstThenSequentialAddressesAndReuseAfterRelease() {
        var pool = ipam.requestPool("LocalDefault", "10.9.0.0/29", null, Map.of());
        assertThat(ipam.requestAddress(pool.poolId(), null, GW)).hasToString("10.9.0.1/29");
        assertThat(ipam.requestAddress(pool.poolId(), null, Map.of())).hasToString("10.9.0.2/29");
        assertThat(ipam.requestAddress(pool.poolId(), null, Map.of())).hasToString("10.9.0.3/29");
        ipam.releaseAddress(pool.poolId(), "10.9.0.2");
        assertThat(ipam.requestAddress(pool.poolId(), null, Map.of())).hasToString("10.9.0.2/29");
        assertThat(ipam.requestAddress(pool.poolId(), "10.9.0.6", Map.of())).hasToString("10.9.0.6/29");
        assertThatThrownBy(() -> ipam.requestAddress(pool.poolId(), "10.9.0.6", Map.of())).isInstanceOf(BerthException.Conflict.class);
        ipam.requestAddress(pool.poolId(), null, Map.of());
        ipam.requestAddress(pool.poolId(), null, Map.of());
        assertThatThrownBy(() -> ipam.requestAddress(pool.poolId(), null, Map.of()))
            .as("network and broadcast addresses are never handed out").isInstanceOf(BerthException.Unavailable.class);
    }

    @Test
    void ipRangeLimitsContainerAddressesButNotTheGateway() {
        var pool = ipam.requestPool("LocalDefault", "10.9.0.0/24", "10.9.0.128/25", Map.of());
        assertThat(ipam.requestAddress(pool.poolId(), null, GW)).hasToString("10.9.0.1/24");
        assertThat(ipam.requestAddress(pool.poolId(), null, Map.of())).hasToString("10.9.0.128/24");
    }

    @Test
    void releasedPoolsCanBeTakenAgain() {
        var pool = ipam.requestPool("LocalDefault", "10.5.0.0/16", null, Map.of());
        ipam.releasePool(pool.poolId());
        assertThat(ipam.requestPool("LocalDefault", "10.5.0.0/16", null, Map.of()).pool()).hasToString("10.5.0.0/16");
    }

    @Test
    void addressPoolsValidateTheirSize() {
        assertThatThrownBy(() -> new AddressPool(Ipv4Cidr.parse("10.0.0.0/16"), 8)).isInstanceOf(BerthException.InvalidArgument.class);
    }
}
