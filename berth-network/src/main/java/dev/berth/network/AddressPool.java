package dev.berth.network;

import dev.berth.common.error.BerthException;
import dev.berth.core.network.Ipv4Cidr;
import java.util.List;

/**
 * One entry of {@code default-address-pools}: networks of prefix {@code size} carved from {@code base}.
 */
public record AddressPool(Ipv4Cidr base, int size) {
    public AddressPool {
        if (size < base.prefix() || size > 30) {
            throw new BerthException.InvalidArgument("invalid default address pool " + base + " size " + size
                + ": size must be between " + base.prefix() + " and 30");
        }
        base = base.network();
    }

    /** Docker's defaults: 172.17–31.0.0/16, then 192.168.0.0/16 in /20s. */
    public static final List<AddressPool> DOCKER_DEFAULTS = List.of(
        new AddressPool(Ipv4Cidr.parse("172.17.0.0/16"), 16),
        new AddressPool(Ipv4Cidr.parse("172.18.0.0/15"), 16),
        new AddressPool(Ipv4Cidr.parse("172.20.0.0/14"), 16),
        new AddressPool(Ipv4Cidr.parse("172.24.0.0/14"), 16),
        new AddressPool(Ipv4Cidr.parse("172.28.0.0/14"), 16),
        new AddressPool(Ipv4Cidr.parse("192.168.0.0/16"), 20));

    /** How many networks this pool yields. */
    long count() { return 1L << (size - base.prefix()); }

    Ipv4Cidr nth(long i) { return new Ipv4Cidr(base.first() + (int) (i << (32 - size)), size); }
}
