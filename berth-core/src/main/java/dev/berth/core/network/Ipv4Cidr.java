package dev.berth.core.network;

import dev.berth.common.error.BerthException;

/**
 * An IPv4 address with a prefix length, e.g. {@code 172.18.0.1/16}. IPAM, drivers and filters
 * compare subnets as numbers; keeping the arithmetic here stops each of them parsing dotted quads.
 *
 * @param address the address as an unsigned 32-bit value in an int
 * @param prefix  0..32
 */
public record Ipv4Cidr(int address, int prefix) {

    public Ipv4Cidr {
        if (prefix < 0 || prefix > 32) throw new BerthException.InvalidArgument("invalid prefix length /" + prefix);
    }

    /** Parses {@code a.b.c.d/n}, or {@code a.b.c.d} as a /32. */
    public static Ipv4Cidr parse(String text) {
        if (text == null || text.isBlank()) throw new BerthException.InvalidArgument("invalid CIDR address: empty");
        int slash = text.indexOf('/');
        int prefix = 32;
        if (slash >= 0) {
            try {
                prefix = Integer.parseInt(text.substring(slash + 1));
            } catch (NumberFormatException e) {
                throw new BerthException.InvalidArgument("invalid CIDR address: " + text);
            }
            if (prefix < 0 || prefix > 32) throw new BerthException.InvalidArgument("invalid CIDR address: " + text);
        }
        return new Ipv4Cidr(parseAddress(slash >= 0 ? text.substring(0, slash) : text, text), prefix);
    }

    /** Parses a plain dotted-quad address. */
    public static int parseAddress(String dotted) {
        return parseAddress(dotted, dotted);
    }

    private static int parseAddress(String dotted, String whole) {
        String[] parts = dotted.split("\\.", -1);
        if (parts.length != 4) throw new BerthException.InvalidArgument("invalid IPv4 address: " + whole);
        int value = 0;
        for (String p : parts) {
            int octet;
            try {
                if (p.isEmpty() || p.length() > 3) throw new NumberFormatException();
                octet = Integer.parseInt(p);
            } catch (NumberFormatException e) {
                throw new BerthException.InvalidArgument("invalid IPv4 address: " + whole);
            }
            if (octet > 255) throw new BerthException.InvalidArgument("invalid IPv4 address: " + whole);
            value = (value << 8) | octet;
        }
        return value;
    }

    public static String format(int address) {
        return ((address >>> 24) & 0xff) + "." + ((address >>> 16) & 0xff) + "." + ((address >>> 8) & 0xff) + "." + (address & 0xff);
    }

    public int mask() { return prefix == 0 ? 0 : -1 << (32 - prefix); }

    /** The network this address lies in: {@code 172.18.0.1/16} → {@code 172.18.0.0/16}. */
    public Ipv4Cidr network() { return new Ipv4Cidr(address & mask(), prefix); }

    public boolean isNetwork() { return (address & ~mask()) == 0; }

    /** Number of addresses in the network (2^(32-prefix)), as a long so /0 fits. */
    public long size() { return 1L << (32 - prefix); }

    public int first() { return address & mask(); }

    public int last() { return first() | ~mask(); }

    public boolean contains(int other) { return (other & mask()) == first(); }

    public boolean contains(Ipv4Cidr other) { return other.prefix >= prefix && contains(other.address); }

    public boolean overlaps(Ipv4Cidr other) { return contains(other.first()) || other.contains(first()); }

    /** The same network with {@code address} as the host part: {@code withAddress(x)} keeps the prefix. */
    public Ipv4Cidr withAddress(int newAddress) { return new Ipv4Cidr(newAddress, prefix); }

    public String addressText() { return format(address); }

    @Override public String toString() { return format(address) + "/" + prefix; }
}
