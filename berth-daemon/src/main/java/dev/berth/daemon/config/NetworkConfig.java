package dev.berth.daemon.config;

import dev.berth.common.error.BerthException;
import dev.berth.core.network.Ipv4Cidr;
import java.util.ArrayList;
import java.util.List;

/**
 * Networking settings after flags, file and defaults were combined and checked.
 *
 * @param bridge    the default bridge's device name, or {@code none} for no default bridge network
 * @param bip       the default bridge's address with prefix (null: the first free default pool)
 * @param fixedCidr where the default bridge hands out container addresses (null: all of it)
 */
public record NetworkConfig(String bridge, Ipv4Cidr bip, Ipv4Cidr fixedCidr, int mtu, List<Pool> defaultAddressPools,
                            boolean iptables, boolean ipForward, boolean icc, String iptablesChainPrefix) {
    public static final String DEFAULT_BRIDGE = "berth0";
    public static final String NO_BRIDGE = "none";

    public NetworkConfig {
        defaultAddressPools = List.copyOf(defaultAddressPools);
    }

    public record Pool(Ipv4Cidr base, int size) {}

    public boolean hasDefaultBridge() { return !bridge.equals(NO_BRIDGE); }

    static NetworkConfig resolve(NetworkFlags f, NetworkConfigFile c) {
        String bridge = first(f.bridge(), c.bridge(), DEFAULT_BRIDGE);
        if (bridge.isEmpty() || bridge.length() > 15 || !bridge.matches("[A-Za-z0-9_.-]+")) {
            throw new BerthException.InvalidArgument("invalid bridge name \"" + bridge + "\": 1-15 letters, digits, _ . -");
        }
        String bipText = first(f.bip(), c.bip(), null);
        Ipv4Cidr bip = bipText == null || bipText.isEmpty() ? null : Ipv4Cidr.parse(bipText);
        if (bip != null && (bip.isNetwork() || bip.prefix() > 30)) {
            throw new BerthException.InvalidArgument("invalid bip " + bipText + ": give the bridge's address, e.g. 172.17.0.1/16");
        }
        String fixedText = first(f.fixedCidr(), c.fixedCidr(), null);
        Ipv4Cidr fixed = fixedText == null || fixedText.isEmpty() ? null : Ipv4Cidr.parse(fixedText).network();
        if (fixed != null && bip != null && !bip.network().contains(fixed)) {
            throw new BerthException.InvalidArgument("fixed-cidr " + fixedText + " is not inside bip " + bipText);
        }
        int mtu = first(f.mtu(), c.mtu(), 1500);
        if (mtu < 68 || mtu > 65535) throw new BerthException.InvalidArgument("invalid mtu " + mtu + ": 68-65535");
        List<Pool> pools = new ArrayList<>();
        if (f.defaultAddressPools() != null) {
            for (String p : f.defaultAddressPools()) pools.add(parseFlagPool(p));
        } else if (c.defaultAddressPools() != null) {
            for (NetworkConfigFile.Pool p : c.defaultAddressPools()) pools.add(pool(p.base(), p.size()));
        }
        boolean iptables = first(f.iptables(), c.iptables(), true);
        boolean icc = first(f.icc(), c.icc(), true);
        if (!icc && !iptables) throw new BerthException.InvalidArgument("conflicting options: --icc=false needs --iptables");
        String prefix = c.iptablesChainPrefix() == null ? "BERTH" : c.iptablesChainPrefix();
        if (!prefix.matches("[A-Za-z][A-Za-z0-9_]{0,9}")) {
            throw new BerthException.InvalidArgument("invalid iptables-chain-prefix " + prefix + ": 1-10 letters, digits or _");
        }
        return new NetworkConfig(bridge, bip, fixed, mtu, pools, iptables, first(f.ipForward(), c.ipForward(), true), icc, prefix);
    }

    /** dockerd's flag form: {@code base=172.30.0.0/16,size=24}. */
    private static Pool parseFlagPool(String text) {
        String base = null;
        Integer size = null;
        for (String part : text.split(",")) {
            String[] kv = part.split("=", 2);
            if (kv.length != 2) throw new BerthException.InvalidArgument("invalid default-address-pool " + text);
            switch (kv[0].strip()) {
                case "base" -> base = kv[1].strip();
                case "size" -> size = parseSize(kv[1].strip(), text);
                default -> throw new BerthException.InvalidArgument("invalid default-address-pool field " + kv[0] + " in " + text);
            }
        }
        return pool(base, size);
    }

    private static int parseSize(String s, String whole) {
        try {
            return Integer.parseInt(s);
        } catch (NumberFormatException e) {
            throw new BerthException.InvalidArgument("invalid size in default-address-pool " + whole);
        }
    }

    private static Pool pool(String base, Integer size) {
        if (base == null || size == null) throw new BerthException.InvalidArgument("a default address pool needs base and size");
        Ipv4Cidr cidr = Ipv4Cidr.parse(base).network();
        if (size < cidr.prefix() || size > 30) {
            throw new BerthException.InvalidArgument("invalid default address pool " + base + ": size " + size
                + " must be between " + cidr.prefix() + " and 30");
        }
        return new Pool(cidr, size);
    }

    /** dockerd's clash check for the networking keys. */
    static void clashes(NetworkFlags f, NetworkConfigFile c, List<String> out) {
        clash(out, "bridge", f.bridge(), c.bridge());
        clash(out, "bip", f.bip(), c.bip());
        clash(out, "fixed-cidr", f.fixedCidr(), c.fixedCidr());
        clash(out, "mtu", f.mtu(), c.mtu());
        clash(out, "default-address-pools", f.defaultAddressPools(), c.defaultAddressPools());
        clash(out, "iptables", f.iptables(), c.iptables());
        clash(out, "ip-forward", f.ipForward(), c.ipForward());
        clash(out, "icc", f.icc(), c.icc());
    }

    private static void clash(List<String> out, String key, Object flag, Object file) {
        if (flag != null && file != null) out.add(key + ": (from flag: " + flag + ", from file: " + file + ")");
    }

    private static <T> T first(T flag, T file, T fallback) {
        return flag != null ? flag : file != null ? file : fallback;
    }
}
