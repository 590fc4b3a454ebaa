package dev.berth.core.volume;

import java.util.List;

/**
 * Finds volume drivers by name: the built-in {@code local} driver and plugins, which are looked up
 * lazily (a plugin that is down must not stop the engine from starting).
 *
 * <p>Threading: thread-safe. Errors: an unknown driver → {@code NotFound} with dockerd's wording
 * ({@code error looking up volume plugin x: plugin "x" not found}); a plugin that cannot be reached
 * → {@code Unavailable}.
 */
public interface VolumeDrivers {
    String LOCAL = "local";

    /** The driver called {@code name}, activating a plugin if needed (may retry for a while). */
    VolumeDriver get(String name);

    /**
     * Every driver that can be reached now, without waiting for slow ones: for listing. Drivers
     * that fail are left out and described in {@code warnings}.
     */
    List<VolumeDriver> available(List<String> warnings);
}
