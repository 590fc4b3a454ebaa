package dev.berth.core.network;

/**
 * Embedded DNS servers, one per user-defined bridge network, listening on the network's gateway
 * address (see ADR 0008). The network service starts one when it creates or restores such a
 * network and stops it when the network is removed or the daemon stops.
 *
 * <p><b>Threading.</b> Thread-safe. <b>Errors.</b> {@link #start} never throws for a server that
 * cannot bind (port 53 taken, address gone): it logs and returns null, and the network works
 * without embedded DNS, its containers falling back to the host's resolvers.
 */
public interface NetworkDns {

    /**
     * Starts answering {@code names} for the network on {@code gateway}.
     *
     * @param forwardExternal false for internal networks: names not on the network are not sent to the
     *                        host's resolvers, nor to a container's {@code --dns} beyond the network and the host
     * @return the address the server listens on (the gateway), or null when it could not start
     */
    String start(String networkId, Ipv4Cidr gateway, NetworkNames names, boolean forwardExternal);

    /** Stops the network's server; unknown networks are ignored. */
    void stop(String networkId);

    /** No embedded DNS: containers use the host's resolvers. */
    NetworkDns NONE = new NetworkDns() {
        @Override public String start(String networkId, Ipv4Cidr gateway, NetworkNames names, boolean forwardExternal) {
            return null;
        }

        @Override public void stop(String networkId) {}
    };
}
