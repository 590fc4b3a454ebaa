package dev.berth.core.container;

import java.util.List;

/**
 * A container's {@code /etc/hosts}, in dockerd's order: the standard entries, {@code --add-host}
 * entries, link entries, then the container's own address with its hostname.
 */
final class ContainerHosts {
    static final String DEFAULT = """
        127.0.0.1\tlocalhost
        ::1\tlocalhost ip6-localhost ip6-loopback
        fe00::0\tip6-localnet
        ff00::0\tip6-mcastprefix
        ff02::1\tip6-allnodes
        ff02::2\tip6-allrouters
        """;

    private ContainerHosts() {}

    /** One line: an address and its names. */
    record Entry(String address, String names) {}

    /**
     * @param base      the standard entries (or, with the host's network, the host's file)
     * @param extra     --add-host and link entries, in order
     * @param ownAddress the container's address on its first network (null: no line of its own)
     */
    static String render(String base, List<Entry> extra, String ownAddress, String hostname, String domainname) {
        StringBuilder b = new StringBuilder(base);
        if (!base.isEmpty() && !base.endsWith("\n")) b.append('\n');
        for (Entry e : extra) b.append(e.address()).append('\t').append(e.names()).append('\n');
        if (ownAddress != null) {
            b.append(ownAddress).append('\t');
            if (domainname != null && !domainname.isEmpty()) b.append(hostname).append('.').append(domainname).append(' ');
            b.append(hostname).append('\n');
        }
        return b.toString();
    }
}
