package dev.berth.testkit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.berth.common.error.BerthException;
import dev.berth.core.network.IpamDriver;
import dev.berth.core.network.Ipv4Cidr;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * What every {@link IpamDriver} must do, built-in or a plugin behind {@code RemoteIpamDriver}:
 * pools as asked, a gateway request, explicit and next-free addresses, no address twice, release
 * and reuse. Plugins cannot say which kind of error they had, so failures are only checked to be
 * {@link BerthException}s. Subclasses give the driver and a subnet it will accept.
 */
public abstract class IpamDriverContract {
    private final List<String> pools = new ArrayList<>();

    protected abstract IpamDriver driver();

    /** A /24 (or larger) subnet the driver hands out when asked for it by value. */
    protected abstract Ipv4Cidr subnet();

    private IpamDriver.Pool pool(String cidr) {
        var p = driver().requestPool(driver().defaultAddressSpaces().local(), cidr, null, Map.of());
        pools.add(p.poolId());
        return p;
    }

    @AfterEach
    void releasePools() {
        for (String id : pools) {
            try {
                driver().releasePool(id);
            } catch (BerthException ignored) {
                // released by the test itself
            }
        }
    }

    @Test
    void addressSpacesAreNamed() {
        var spaces = driver().defaultAddressSpaces();
        assertNotNull(spaces.local());
        assertFalse(spaces.local().isEmpty());
    }

    @Test
    void aPoolAskedByValueIsThatSubnet() {
        var p = pool(subnet().toString());
        assertNotNull(p.poolId());
        assertEquals(subnet().network(), p.pool());
    }

    @Test
    void theGatewayAndContainersGetDistinctAddressesInsideThePoolWithItsPrefix() {
        var p = pool(subnet().toString());
        Ipv4Cidr gateway = driver().requestAddress(p.poolId(), null, Map.of(IpamDriver.GATEWAY_OPTION, IpamDriver.GATEWAY_VALUE));
        Ipv4Cidr first = driver().requestAddress(p.poolId(), null, Map.of());
        Ipv4Cidr second = driver().requestAddress(p.poolId(), null, Map.of());
        for (Ipv4Cidr a : List.of(gateway, first, second)) {
            assertTrue(subnet().contains(a.address()), a + " inside " + subnet());
            assertEquals(subnet().prefix(), a.prefix(), "the pool's prefix on " + a);
            assertNotEquals(subnet().first(), a.address(), "never the network address");
        }
        assertEquals(3, List.of(gateway.address(), first.address(), second.address()).stream().distinct().count());
    }

    @Test
    void anExplicitAddressIsGivenOnceAndAgainAfterRelease() {
        var p = pool(subnet().toString());
        String wanted = subnet().withAddress(subnet().first() + 77).addressText();
        assertEquals(wanted, driver().requestAddress(p.poolId(), wanted, Map.of()).addressText());
        assertThrows(BerthException.class, () -> driver().requestAddress(p.poolId(), wanted, Map.of()));
        driver().releaseAddress(p.poolId(), wanted);
        assertEquals(wanted, driver().requestAddress(p.poolId(), wanted, Map.of()).addressText());
    }

    @Test
    void anAddressOutsideThePoolIsRefused() {
        var p = pool(subnet().toString());
        String outside = Ipv4Cidr.parse(subnet().network().toString()).withAddress(subnet().last() + 300).addressText();
        assertThrows(BerthException.class, () -> driver().requestAddress(p.poolId(), outside, Map.of()));
    }

    @Test
    void aPoolIsHandedOutOnceAndAgainAfterRelease() {
        var p = pool(subnet().toString());
        assertThrows(BerthException.class, () -> driver().requestPool(driver().defaultAddressSpaces().local(),
            subnet().toString(), null, Map.of()));
        driver().releasePool(p.poolId());
        pools.remove(p.poolId());
        assertEquals(subnet().network(), pool(subnet().toString()).pool());
    }
}
