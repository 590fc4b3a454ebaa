package dev.berth.image.registry;

import dev.berth.core.image.ImageReference;
import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The daemon's registry configuration ({@code registry-mirrors}, {@code insecure-registries})
 * and dockerd's rules for turning a domain into the ordered endpoints to try.
 *
 * @param mirrors            pull-through mirrors of Docker Hub, tried in order before Hub itself
 * @param insecureRegistries {@code host[:port]} entries or CIDRs whose registries may be reached
 *                           over plain http (after https fails)
 */
public record RegistrySettings(List<URI> mirrors, List<String> insecureRegistries) {
    /** Where Docker Hub's registry API lives; {@code docker.io} is only a name. */
    public static final URI DOCKER_HUB = URI.create("https://registry-1.docker.io");
    public static final RegistrySettings DEFAULT = new RegistrySettings(List.of(), List.of());

    public RegistrySettings {
        mirrors = List.copyOf(mirrors);
        insecureRegistries = List.copyOf(insecureRegistries);
    }

    /**
     * Endpoints for {@code domain}, in the order to try: for Docker Hub the mirrors (only when
     * {@code forPull}) then Hub; for any other domain https, then http when the domain is insecure.
     */
    public List<RegistryEndpoint> endpoints(String domain, boolean forPull) {
        List<RegistryEndpoint> out = new ArrayList<>();
        if (ImageReference.DEFAULT_DOMAIN.equals(domain)) {
            if (forPull) for (URI m : mirrors) out.add(new RegistryEndpoint(m, true));
            // berth.dockerHub=off: test daemons must never reach out to Docker Hub, whatever a test asks
            if (!"off".equals(System.getProperty("berth.dockerHub"))) out.add(new RegistryEndpoint(DOCKER_HUB, false));
            return out;
        }
        out.add(new RegistryEndpoint(URI.create("https://" + domain), false));
        if (isInsecure(domain)) out.add(new RegistryEndpoint(URI.create("http://" + domain), false));
        return out;
    }

    /**
     * dockerd's rule: loopback (127.0.0.0/8, ::1, localhost) is always insecure; otherwise the
     * domain must be listed verbatim or one of its addresses must fall in a listed CIDR.
     */
    public boolean isInsecure(String domain) {
        String host = hostOf(domain).toLowerCase(Locale.ROOT);
        if (host.equals("localhost")) return true;
        for (String entry : insecureRegistries) {
            if (!entry.contains("/") && (entry.equalsIgnoreCase(domain) || entry.equalsIgnoreCase(host))) return true;
        }
        List<InetAddress> addresses = addressesOf(host);
        for (InetAddress a : addresses) if (a.isLoopbackAddress()) return true;
        for (String entry : insecureRegistries) {
            if (!entry.contains("/")) continue;
            for (InetAddress a : addresses) if (inCidr(a, entry)) return true;
        }
        return false;
    }

    static String hostOf(String domain) {
        if (domain.startsWith("[")) return domain.substring(1, domain.indexOf(']'));
        int colon = domain.lastIndexOf(':');
        return colon < 0 ? domain : domain.substring(0, colon);
    }

    // Only literal addresses and resolvable names count; a name that does not resolve cannot match a CIDR.
    private static List<InetAddress> addressesOf(String host) {
        try {
            return List.of(InetAddress.getAllByName(host));
        } catch (UnknownHostException | SecurityException e) {
            return List.of();
        }
    }

    static boolean inCidr(InetAddress address, String cidr) {
        int slash = cidr.indexOf('/');
        byte[] net;
        int bits;
        try {
            net = InetAddress.getByName(cidr.substring(0, slash)).getAddress();
            bits = Integer.parseInt(cidr.substring(slash + 1));
        } catch (UnknownHostException | NumberFormatException e) {
            return false;
        }
        byte[] addr = address.getAddress();
        if (addr.length != net.length || bits < 0 || bits > addr.length * 8) return false;
        for (int i = 0; i < bits; i++) {
            int mask = 0x80 >> (i % 8);
            if ((addr[i / 8] & mask) != (net[i / 8] & mask)) return false;
        }
        return true;
    }
}
