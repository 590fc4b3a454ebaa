package dev.berth.core.network;

import java.util.List;

/**
 * The names a network's embedded DNS server answers, read from the network service's attachments:
 * container names, network aliases and short (12 hex) container ids. A small read-only view so
 * that the DNS server never sees storage or endpoints.
 *
 * <p>As with Docker, a container resolves the names of every network it is attached to, and only
 * those: the server knows the container by the address its query came from.
 *
 * <p><b>Threading.</b> Thread-safe; called from the DNS server's threads for every query.
 * <p><b>Errors.</b> None: an unknown network, client or name gives an empty answer.
 */
public interface NetworkNames {

    /**
     * The IPv4 addresses (dotted quads) that {@code name} stands for, for a query that reached the
     * server of {@code networkId} from {@code clientAddress}: first among the containers on that
     * network, then on the other networks of the asking container (their addresses there). Names
     * compare without case and trailing dot; {@code name.<network name>} matches too. Several
     * containers may share an alias: all of them are returned.
     */
    List<String> addressesOf(String networkId, String clientAddress, String name);

    /** For a PTR query: {@code <container name>.<network name>} of the container with {@code address}, or null. */
    String nameOf(String networkId, String clientAddress, String address);

    /**
     * The {@code --dns} servers (as given) of the container of the network that asks from
     * {@code clientAddress}: where its queries for names no container has go, instead of the
     * host's resolvers (as dockerd's resolver does). Empty for a container without {@code --dns}
     * and for a client that is no container of the network.
     */
    default List<String> dnsServersOf(String networkId, String clientAddress) { return List.of(); }
}
