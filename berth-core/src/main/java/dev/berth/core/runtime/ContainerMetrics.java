package dev.berth.core.runtime;

/**
 * SPI: reads a live container's resource usage from wherever the runtime keeps it (cgroups).
 *
 * <p>Lifecycle: stateless; valid for containers between the runtime's create and delete.
 * Threading: thread-safe, blocking (file reads), called on virtual threads.
 * Errors: an unknown or deleted container is {@code NotFound}; anything else {@code Internal}.
 */
public interface ContainerMetrics {

    /** @param pid the container's init pid, for per-namespace figures such as network I/O */
    ResourceUsage read(String containerId, int pid);
}
