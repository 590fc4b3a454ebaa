package dev.berth.core.container;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Who besides the container's own process uses its mounted root filesystem (a {@code docker cp}
 * or {@code export} stream). The exit path must not unmount it under them, and the last of them
 * unmounts it when the container is not running. Changes happen under the container's lock.
 */
final class RootfsUsers {
    private final Map<String, Integer> users = new ConcurrentHashMap<>();

    void add(String id) { users.merge(id, 1, Integer::sum); }

    /** Drops one user; true when it was the last. */
    boolean remove(String id) {
        return users.compute(id, (k, n) -> n == null || n <= 1 ? null : n - 1) == null;
    }

    boolean inUse(String id) { return users.containsKey(id); }
}
