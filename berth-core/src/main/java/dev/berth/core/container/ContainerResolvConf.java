package dev.berth.core.container;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * A container's {@code /etc/resolv.conf}, as dockerd writes it: the host's file with loopback
 * nameservers (and, without IPv6, IPv6 nameservers) removed — Google's public resolvers when none
 * is left — and {@code --dns}, {@code --dns-search}, {@code --dns-option} replacing their part.
 */
final class ContainerResolvConf {
    static final List<String> DEFAULT_NAMESERVERS = List.of("8.8.8.8", "8.8.4.4");
    private static final Pattern LOOPBACK = Pattern.compile("(?m)^\\s*nameserver\\s+((127\\.[0-9.]+)|(::1))\\s*(#.*)?$\\R?");
    private static final Pattern IPV6 = Pattern.compile("(?m)^\\s*nameserver\\s+[0-9a-fA-F:.]*:[0-9a-fA-F:.%a-z]*\\s*(#.*)?$\\R?");

    private ContainerResolvConf() {}

    /** What a container gets besides the host's file. */
    record Request(List<String> dns, List<String> search, List<String> options) {}

    /**
     * Given the embedded DNS servers of the user-defined networks the container joins (in order),
     * the nameservers its resolv.conf lists instead of the host's: the first network's server
     * alone. It knows the container by its source address and answers for every network the
     * container is on, forwarding other names to the container's {@code --dns} servers, else to the
     * host's resolvers (as dockerd's 127.0.0.11).
     */
    static List<String> embeddedDnsNameservers(List<String> networkDnsServers) {
        return networkDnsServers.isEmpty() ? List.of() : List.of(networkDnsServers.getFirst());
    }

    /**
     * @param host        the host's resolv.conf content
     * @param hostNetwork {@code --network host}: the host's file as it is (plus the request's overrides)
     * @param embedded    from {@link #embeddedDnsNameservers}: replaces every other nameserver when not empty
     */
    static String render(String host, boolean hostNetwork, Request r, List<String> embedded) {
        String filtered = hostNetwork ? host : filter(host);
        if (r.dns().isEmpty() && r.search().isEmpty() && r.options().isEmpty() && embedded.isEmpty()) return filtered;
        List<String> nameservers = !embedded.isEmpty() ? embedded : !r.dns().isEmpty() ? r.dns() : entries(filtered, "nameserver");
        List<String> search = !r.search().isEmpty() ? r.search() : entries(filtered, "search");
        List<String> options = !r.options().isEmpty() ? r.options() : entries(filtered, "options");
        StringBuilder out = new StringBuilder();
        String searchLine = String.join(" ", search);
        if (!search.isEmpty() && !searchLine.strip().equals(".")) out.append("search ").append(searchLine).append('\n');
        for (String ns : nameservers) out.append("nameserver ").append(ns).append('\n');
        if (!options.isEmpty()) out.append("options ").append(String.join(" ", options)).append('\n');
        return out.toString();
    }

    /** The host's file without loopback or IPv6 nameservers; the default resolvers when none is left. */
    static String filter(String host) {
        String cleaned = IPV6.matcher(LOOPBACK.matcher(host).replaceAll("")).replaceAll("");
        if (entries(cleaned, "nameserver").isEmpty()) {
            StringBuilder b = new StringBuilder(cleaned);
            if (!cleaned.isEmpty() && !cleaned.endsWith("\n")) b.append('\n');
            for (String ns : DEFAULT_NAMESERVERS) b.append("nameserver ").append(ns).append('\n');
            return b.toString();
        }
        return cleaned;
    }

    /** The values of every line starting with {@code key} (search and options hold several). */
    static List<String> entries(String text, String key) {
        List<String> out = new ArrayList<>();
        for (String line : text.split("\n")) {
            String[] f = line.strip().split("\\s+");
            if (f.length < 2 || !f[0].equals(key)) continue;
            if (key.equals("nameserver")) out.add(f[1]);
            else {
                out.clear(); // the last search/options line wins, as in the resolver
                for (int i = 1; i < f.length; i++) out.add(f[i]);
            }
        }
        return out;
    }
}
