package dev.berth.core.network;

import java.util.List;

/**
 * Where networks (with their endpoints and port bindings) survive a daemon restart. Every write is
 * crash-safe: after a crash a network is either as before the write or as after it.
 * Called under the service's lock; implementations need not synchronise.
 */
public interface NetworkStore {

    /** A network and the ports its endpoints published, by endpoint id. */
    record Stored(Network network, java.util.Map<String, List<PortBinding>> published) {
        public Stored {
            published = published == null ? java.util.Map.of() : java.util.Map.copyOf(published);
        }
    }

    List<Stored> loadAll();

    void save(Stored stored);

    void delete(String networkId);
}
