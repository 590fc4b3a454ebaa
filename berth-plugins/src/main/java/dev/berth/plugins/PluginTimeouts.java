package dev.berth.plugins;

import java.time.Duration;

/**
 * dockerd's plugin timeouts: calls that change state (Create, Remove, Mount, Unmount) may take two
 * minutes, queries one; activation retries connection failures with exponential back-off
 * (1 s, 2 s, 4 s …) until 30 s have passed. Tests shrink them.
 */
public record PluginTimeouts(Duration activate, Duration shortCall, Duration longCall, Duration retryWindow, Duration backoffUnit) {
    public static final PluginTimeouts DOCKER = new PluginTimeouts(Duration.ofSeconds(30), Duration.ofMinutes(1),
        Duration.ofMinutes(2), Duration.ofSeconds(30), Duration.ofSeconds(1));

    /** The pause before retry number {@code retries} (0-based): 1, 2, 4 … units, at most 30. */
    Duration backoff(int retries) {
        return backoffUnit.multipliedBy(Math.min(1L << Math.min(retries, 5), 30));
    }
}
