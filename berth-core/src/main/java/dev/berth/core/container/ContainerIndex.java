package dev.berth.core.container;

import dev.berth.common.error.BerthException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The live containers in memory: by ID, by name, and one lock per container that serialises its
 * state changes. Names are reserved atomically so two creates cannot take the same one.
 */
final class ContainerIndex {
    private final Map<String, Container> byId = new ConcurrentHashMap<>();
    private final Map<String, String> idByName = new ConcurrentHashMap<>();
    private final Map<String, ReentrantLock> locks = new ConcurrentHashMap<>();

    /** Resolves a full ID, an exact name (with or without slash), or a unique ID prefix, as dockerd does. */
    Container resolve(String idOrName) {
        if (idOrName == null || idOrName.isEmpty()) throw new BerthException.NotFound("No such container: " + idOrName);
        Container c = byId.get(idOrName);
        if (c != null) return c;
        String byName = idByName.get(idOrName.startsWith("/") ? idOrName : "/" + idOrName);
        if (byName != null && byId.containsKey(byName)) return byId.get(byName);
        List<Container> matches = new ArrayList<>();
        if (idOrName.matches("[0-9a-f]+")) {
            for (Container x : byId.values()) if (x.id().startsWith(idOrName)) matches.add(x);
        }
        if (matches.size() == 1) return matches.getFirst();
        if (matches.size() > 1) {
            throw new BerthException.InvalidArgument("multiple IDs found with provided prefix: " + idOrName);
        }
        throw new BerthException.NotFound("No such container: " + idOrName);
    }

    /** The current version of a container, or null when it is gone. */
    Container get(String id) { return byId.get(id); }

    /** Reserves {@code name} (with slash) for {@code id}; Conflict with dockerd's message when taken. */
    void reserveName(String name, String id) {
        String holder = idByName.putIfAbsent(name, id);
        if (holder != null && !holder.equals(id)) {
            throw new BerthException.Conflict("Conflict. The container name \"" + name + "\" is already in use by container \""
                + holder + "\". You have to remove (or rename) that container to be able to reuse that name.");
        }
    }

    boolean nameTaken(String name) { return idByName.containsKey(name); }

    void releaseName(String name, String id) { idByName.remove(name, id); }

    void put(Container c) { byId.put(c.id(), c); }

    void remove(Container c) {
        byId.remove(c.id());
        idByName.remove(c.name(), c.id());
        locks.remove(c.id());
    }

    Collection<Container> all() { return List.copyOf(byId.values()); }

    ReentrantLock lock(String id) { return locks.computeIfAbsent(id, k -> new ReentrantLock()); }
}
