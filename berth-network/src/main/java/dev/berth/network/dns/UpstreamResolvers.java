package dev.berth.network.dns;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The resolvers that names not on a network are forwarded to: the host's {@code nameserver}
 * lines, loopback ones left out as dockerd leaves them out of a container's resolv.conf. When the
 * host only has systemd-resolved's stub (127.0.0.53), its real upstreams are read from
 * {@code /run/systemd/resolve/resolv.conf}, as dockerd does.
 */
public final class UpstreamResolvers {
    public static final Path HOST_RESOLV_CONF = Path.of("/etc/resolv.conf");
    public static final Path SYSTEMD_RESOLV_CONF = Path.of("/run/systemd/resolve/resolv.conf");

    private UpstreamResolvers() {}

    /** The host's upstreams, read again at each call (resolv.conf changes with DHCP and VPNs). */
    public static List<InetSocketAddress> host() {
        List<InetSocketAddress> found = fromResolvConf(HOST_RESOLV_CONF);
        return found.isEmpty() ? fromResolvConf(SYSTEMD_RESOLV_CONF) : found;
    }

    /** The non-loopback IPv4 and IPv6 {@code nameserver}s of a resolv.conf file, on port 53; none if unreadable. */
    public static List<InetSocketAddress> fromResolvConf(Path file) {
        String text;
        try {
            text = Files.readString(file);
        } catch (IOException e) {
            return List.of();
        }
        return parse(text);
    }

    static List<InetSocketAddress> parse(String text) {
        List<InetSocketAddress> out = new ArrayList<>();
        for (String line : text.lines().toList()) {
            String[] fields = line.strip().split("\\s+");
            if (fields.length < 2 || !fields[0].equals("nameserver")) continue;
            InetAddress address = literal(fields[1]);
            if (address == null || address.isLoopbackAddress()) continue;
            out.add(new InetSocketAddress(address, 53));
        }
        return List.copyOf(out);
    }

    /** Only literal addresses: resolving a name here would itself need DNS. */
    static InetAddress literal(String text) {
        String plain = text.contains("%") ? text.substring(0, text.indexOf('%')) : text;
        if (!plain.matches("[0-9.]+") && !plain.contains(":")) return null;
        try {
            return InetAddress.getByName(plain);
        } catch (UnknownHostException e) {
            return null;
        }
    }
}
