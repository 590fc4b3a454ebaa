package dev.berth.core.network;

import java.util.List;

/**
 * Where networks (with their endpoints and port bindings) survive a daemon restart. Every write is
 * crash-safe: after a crash a network is either as before the write or as after it.
 * Called under the service's lock; implementations need not synchronise.
 */
public interface NetworkStore {

    /**
     * A network and the ports its endpoints published, by endpoint id.
     *
     * @param ipamPoolId the pool id the IPAM driver gave (null in records written before it was kept):
     *                   a plugin that keeps its own state is not asked for the pool again after a restart
     */
    record Stored(Network network, java.util.Map<String, List<PortBinding>> published, String ipamPoolId) {
        public Stored {
            published = published == null ? java.util.Map.of() : java.util.Map.copyOf(published);
        }

        public Stored(Network network, java.util.Map<String, List<PortBinding>> published) {
            this(network, published, null);
        }
    }

    List<Stored> loadAll();

    void save(Stored stored);

    void delete(String networkId);
}
