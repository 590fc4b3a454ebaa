package dev.berth.core.network;

import java.util.List;

/**
 * The names a network's embedded DNS server answers, read from the network service's attachments:
 * container names, network aliases and short (12 hex) container ids. A small read-only view so
 * that the DNS server never sees storage or endpoints.
 *
 * <p><b>Threading.</b> Thread-safe; called from the DNS server's threads for every query.
 * <p><b>Errors.</b> None: an unknown network or name gives an empty answer.
 */
public interface NetworkNames {

    /**
     * The IPv4 addresses (dotted quads) of the containers on {@code networkId} that answer to
     * {@code name}, compared without case and without a trailing dot; {@code name.<network name>}
     * matches too. Several containers may share an alias: all of them are returned.
     */
    List<String> addressesOf(String networkId, String name);

    /** The container name for a PTR query: the container on {@code networkId} with this address, or null. */
    String nameOf(String networkId, String address);
}
