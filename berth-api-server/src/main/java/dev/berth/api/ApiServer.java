package dev.berth.api;

import java.util.List;

/**
 * Serves the Docker Engine API on the given listeners. Lifecycle: construct, {@link #start()}
 * (binds every listener or throws and binds none), {@link #close()} (stops accepting, closes
 * connections, removes unix socket files it created).
 */
public final class ApiServer implements AutoCloseable {
    private final ApiServices services;
    private final List<Listener> listeners;

    public ApiServer(ApiServices services, List<Listener> listeners) {
        this.services = services;
        this.listeners = List.copyOf(listeners);
    }

    public void start() {
        throw new UnsupportedOperationException("not yet");
    }

    @Override
    public void close() {}
}
