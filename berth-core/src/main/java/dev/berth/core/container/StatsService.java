package dev.berth.core.container;

import dev.berth.core.runtime.ResourceUsage;

/**
 * Use case behind {@code docker stats}: one reading of a container's resource usage at a time;
 * the caller paces a stream and derives rates from consecutive readings.
 *
 * <p>Threading: thread-safe, blocking. Errors: unknown container → {@code NotFound}.
 */
public interface StatsService {

    Sample sample(String idOrName);

    /** @param usage null when the container is not running (dockerd then reports zeros) */
    record Sample(String id, String name, ResourceUsage usage) {}
}
