package dev.berth.core.container;

import java.util.List;

/**
 * SPI: persists containers so they survive a daemon restart.
 *
 * <p>Lifecycle: {@link #loadAll} once at daemon start; {@link #save} after every state change;
 * {@link #delete} when the container is removed. Threading: calls for different containers may run
 * concurrently; the service serialises calls for one container. Errors: I/O failures are
 * {@code Internal}; a write is all-or-nothing (a crash leaves the previous or the new record).
 */
public interface ContainerStore {

    void save(Container container);

    /** Forgets the container and everything the store kept in its directory. Idempotent. */
    void delete(String id);

    /** Every stored container; unreadable records are skipped and logged, never fatal. */
    List<Container> loadAll();
}
