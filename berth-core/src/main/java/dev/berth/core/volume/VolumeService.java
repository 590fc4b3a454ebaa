package dev.berth.core.volume;

import dev.berth.common.error.BerthException;
import dev.berth.core.event.EventBus;
import dev.berth.core.filter.Filters;
import dev.berth.core.volume.VolumeDriver.DriverVolume;
import dev.berth.core.volume.VolumeStore.VolumeRecord;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Supplier;

/**
 * The volume use cases behind {@code docker volume …}, with dockerd's rules and wording, over any
 * {@link VolumeDriver}. Also the seam for the container service: {@link #addUser} registers a
 * container that refers to a volume (so {@code rm} refuses), {@link #mount}/{@link #unmount} make
 * the data available while it runs, counted per container so that only the first mount and the
 * last unmount of a container reach the driver.
 *
 * <p>Threading: every method may be called concurrently; calls for one volume name are serialised
 * (a remote driver call may block for minutes, so there is no global lock). Users and mount counts
 * live in memory only: after a restart the container service registers its containers again.
 *
 * <p>Errors: dockerd's {@code <op> <name>: <reason>} form ({@code get x: no such volume},
 * {@code remove x: volume is in use - [id]}), keeping the kind the driver classified.
 */
public final class VolumeService {
    private static final System.Logger LOG = System.getLogger(VolumeService.class.getName());
    private static final Set<String> LIST_FILTERS = Set.of("dangling", "driver", "label", "name");
    private static final Set<String> PRUNE_FILTERS = Set.of("label", "label!", "all");

    private final VolumeDrivers drivers;
    private final VolumeStore store;
    private final EventBus events;
    private final Clock clock;
    private final SecureRandom random = new SecureRandom();
    private final Map<String, VolumeRecord> records = new ConcurrentHashMap<>();
    private final Map<String, ReentrantLock> locks = new ConcurrentHashMap<>();
    private final Map<String, Set<String>> users = new ConcurrentHashMap<>();
    private final Map<String, Map<String, Mount>> mounts = new ConcurrentHashMap<>();

    /** One container's mount of a volume: how often it mounted and where the driver put it. */
    private record Mount(int count, String path) {}

    /** {@code docker volume create}: an empty name means "generate one" (an anonymous volume). */
    public record CreateRequest(String name, String driver, Map<String, String> options, Map<String, String> labels) {
        public CreateRequest {
            options = options == null ? Map.of() : Map.copyOf(options);
            labels = labels == null ? Map.of() : Map.copyOf(labels);
        }
    }

    public record ListResult(List<Volume> volumes, List<String> warnings) {}

    public record PruneReport(List<String> deleted, long spaceReclaimed) {}

    /** A volume with its size in bytes (-1 when unknown, e.g. a remote driver) and how many containers use it. */
    public record VolumeUsage(Volume volume, long size, int refCount) {}

    public VolumeService(VolumeDrivers drivers, VolumeStore store, EventBus events, Clock clock) {
        this.drivers = drivers;
        this.store = store;
        this.events = events;
        this.clock = clock;
        records.putAll(store.load());
    }

    public Volume create(CreateRequest request) {
        String name = request.name() == null ? "" : request.name();
        Map<String, String> labels = new TreeMap<>(request.labels());
        if (name.isEmpty()) {
            name = HexFormat.of().formatHex(randomBytes());
            labels.put(Volume.ANONYMOUS_LABEL, "");
        }
        String id = name;
        return locked(name, () -> {
            VolumeRecord existing = records.get(id);
            boolean driverGiven = request.driver() != null && !request.driver().isEmpty();
            String driverName = driverGiven ? request.driver() : existing != null ? existing.driver() : VolumeDrivers.LOCAL;
            VolumeDriver driver = op("create", id, () -> drivers.get(driverName));
            if (existing != null) {
                if (!existing.driver().equals(driver.name())) {
                    throw new BerthException.Conflict("create " + id + ": volume name must be unique");
                }
                publish("create", existing);
                return toVolume(existing, driver, op("create", id, () -> driver.get(id)));
            }
            DriverVolume created = op("create", id, () -> driver.create(id, request.options()));
            VolumeRecord record = new VolumeRecord(id, driver.name(), labels, request.options(),
                created.createdAt() != null ? created.createdAt() : clock.instant());
            store.put(record);
            records.put(id, record);
            publish("create", record);
            return toVolume(record, driver, created);
        });
    }

    private byte[] randomBytes() {
        byte[] b = new byte[32];
        random.nextBytes(b);
        return b;
    }

    public Volume inspect(String name) {
        VolumeRecord record = locate(name);
        VolumeDriver driver = op("get", name, () -> drivers.get(record.driver()));
        return toVolume(record, driver, op("get", name, () -> driver.get(name)));
    }

    /** Every driver's volumes merged, filtered by {@code dangling}, {@code driver}, {@code label}, {@code name}. */
    public ListResult list(Filters filters) {
        filters.allowOnly(LIST_FILTERS);
        Boolean dangling = danglingFilter(filters);
        List<String> warnings = new ArrayList<>();
        Map<String, Volume> found = new TreeMap<>();
        for (VolumeDriver driver : drivers.available(warnings)) {
            List<DriverVolume> listed;
            try {
                listed = driver.list();
            } catch (BerthException e) {
                warnings.add("list " + driver.name() + ": " + e.getMessage());
                continue;
            }
            for (DriverVolume dv : listed) {
                VolumeRecord record = records.get(dv.name());
                if (record == null) record = new VolumeRecord(dv.name(), driver.name(), Map.of(), Map.of(), dv.createdAt());
                if (!record.driver().equals(driver.name())) continue; // another driver holds this name in our records
                found.putIfAbsent(dv.name(), toVolume(record, driver, dv));
            }
        }
        List<Volume> out = new ArrayList<>();
        for (Volume v : found.values()) {
            if (dangling != null && dangling != usedBy(v.name()).isEmpty()) continue;
            if (!filters.matchesExact("driver", v.driver())) continue;
            if (!filters.matchesLabels("label", v.labels())) continue;
            if (!matchesName(filters.get("name"), v.name())) continue;
            out.add(v);
        }
        return new ListResult(out, warnings);
    }

    private static Boolean danglingFilter(Filters filters) {
        List<String> values = filters.get("dangling");
        if (values.isEmpty()) return null;
        String v = values.getFirst();
        if (v.equalsIgnoreCase("true") || v.equals("1")) return true;
        if (v.equalsIgnoreCase("false") || v.equals("0")) return false;
        throw new BerthException.InvalidArgument("Invalid filter 'dangling=" + v + "'");
    }

    /** dockerd matches {@code name} as an unanchored regular expression, so a plain word is a substring match. */
    private static boolean matchesName(List<String> wanted, String name) {
        if (wanted.isEmpty()) return true;
        for (String w : wanted) {
            try {
                if (java.util.regex.Pattern.compile(w).matcher(name).find()) return true;
            } catch (java.util.regex.PatternSyntaxException e) {
                if (name.contains(w)) return true;
            }
        }
        return false;
    }

    /** Removes a volume nobody uses; {@code force} ignores a missing volume and a driver that fails to delete. */
    public void remove(String name, boolean force) {
        locked(name, () -> {
            VolumeRecord record;
            try {
                record = locate(name);
            } catch (BerthException.NotFound e) {
                if (force) return null;
                throw e;
            }
            Set<String> using = usedBy(name);
            if (!using.isEmpty()) {
                throw new BerthException.Conflict("remove " + name + ": volume is in use - [" + String.join(" ", using) + "]");
            }
            try {
                VolumeDriver driver = op("remove", name, () -> drivers.get(record.driver()));
                op("remove", name, () -> { driver.remove(name); return null; });
            } catch (BerthException e) {
                if (!force) throw e;
                LOG.log(System.Logger.Level.WARNING, "forgetting volume {0} although its driver failed to remove it: {1}", name, e.getMessage());
            }
            store.delete(name);
            records.remove(name);
            users.remove(name);
            publish("destroy", record);
            return null;
        });
    }

    /**
     * Removes unused volumes of the local driver that match {@code label}/{@code label!}. With
     * {@code anonymousOnly} (API 1.42 and later unless {@code all=true}) only volumes created without a name.
     */
    public PruneReport prune(Filters filters, boolean anonymousOnly) {
        filters.allowOnly(PRUNE_FILTERS);
        List<String> deleted = new ArrayList<>();
        long reclaimed = 0;
        for (Volume v : list(Filters.NONE).volumes()) {
            if (!v.driver().equals(VolumeDrivers.LOCAL) || !usedBy(v.name()).isEmpty()) continue;
            if (anonymousOnly && !v.labels().containsKey(Volume.ANONYMOUS_LABEL)) continue;
            if (!filters.matchesLabels("label", v.labels()) || matchesAnyLabel(filters.get("label!"), v.labels())) continue;
            long size = DirectorySize.of(v.mountpoint());
            try {
                remove(v.name(), false);
                deleted.add(v.name());
                reclaimed += Math.max(size, 0);
            } catch (BerthException e) {
                // a container may have started using it meanwhile: prune skips, as dockerd does
                LOG.log(System.Logger.Level.DEBUG, "prune skips {0}: {1}", v.name(), e.getMessage());
            }
        }
        return new PruneReport(deleted, reclaimed);
    }

    private static boolean matchesAnyLabel(List<String> exprs, Map<String, String> labels) {
        for (String e : exprs) {
            if (new Filters(Map.of("l", List.of(e))).matchesLabels("l", labels)) return true;
        }
        return false;
    }

    /** {@code /system/df}: every volume with its size (local driver only) and number of users. */
    public List<VolumeUsage> diskUsage() {
        List<VolumeUsage> out = new ArrayList<>();
        for (Volume v : list(Filters.NONE).volumes()) {
            long size = v.driver().equals(VolumeDrivers.LOCAL) ? DirectorySize.of(v.mountpoint()) : -1;
            out.add(new VolumeUsage(v, size, usedBy(v.name()).size()));
        }
        return out;
    }

    /**
     * Makes {@code name}'s data available for container {@code containerId} and returns the host
     * path to bind-mount. Counted per container: only its first mount reaches the driver.
     */
    public String mount(String name, String containerId) {
        return mount(name, containerId, Map.of());
    }

    /**
     * As {@link #mount(String, String)}; {@code eventAttributes} go into the {@code mount} event
     * (dockerd adds the mount's {@code destination}, {@code read/write} and {@code propagation}).
     */
    public String mount(String name, String containerId, Map<String, String> eventAttributes) {
        return locked(name, () -> {
            VolumeRecord record = locate(name);
            Map<String, Mount> byContainer = mounts.computeIfAbsent(name, k -> new ConcurrentHashMap<>());
            Mount current = byContainer.get(containerId);
            if (current != null) {
                byContainer.put(containerId, new Mount(current.count() + 1, current.path()));
                return current.path();
            }
            VolumeDriver driver = op("mount", name, () -> drivers.get(record.driver()));
            String path = op("mount", name, () -> driver.mount(name, containerId));
            byContainer.put(containerId, new Mount(1, path));
            Map<String, String> attributes = new LinkedHashMap<>(eventAttributes);
            attributes.put("container", containerId);
            publish("mount", record, attributes);
            return path;
        });
    }

    /**
     * Daemon start: container {@code containerId} still runs with {@code name} mounted. Counts that
     * mount again so that the container's stop unmounts it. Plugins are not called (dockerd does
     * not mount twice either, and a plugin that is down must not hold up the start); the local
     * driver re-checks its own mount, which survived the restart.
     */
    public void restoreMount(String name, String containerId) {
        locked(name, () -> {
            VolumeRecord record = locate(name);
            Map<String, Mount> byContainer = mounts.computeIfAbsent(name, k -> new ConcurrentHashMap<>());
            if (byContainer.containsKey(containerId)) return null;
            String path = "";
            if (record.driver().equals(VolumeDrivers.LOCAL)) {
                VolumeDriver driver = op("mount", name, () -> drivers.get(record.driver()));
                path = op("mount", name, () -> driver.mount(name, containerId));
            }
            byContainer.put(containerId, new Mount(1, path));
            return null;
        });
    }

    /** Undoes one {@link #mount}; the container's last unmount reaches the driver. Unmounting what is not mounted is a no-op. */
    public void unmount(String name, String containerId) {
        locked(name, () -> {
            Map<String, Mount> byContainer = mounts.get(name);
            Mount current = byContainer == null ? null : byContainer.get(containerId);
            if (current == null) return null;
            if (current.count() > 1) {
                byContainer.put(containerId, new Mount(current.count() - 1, current.path()));
                return null;
            }
            VolumeRecord record = records.get(name);
            String driverName = record != null ? record.driver() : VolumeDrivers.LOCAL;
            VolumeDriver driver = op("unmount", name, () -> drivers.get(driverName));
            op("unmount", name, () -> { driver.unmount(name, containerId); return null; });
            byContainer.remove(containerId);
            if (byContainer.isEmpty()) mounts.remove(name);
            if (record != null) publish("unmount", record, Map.of("container", containerId));
            return null;
        });
    }

    /** Registers container {@code containerId} as a user of {@code name}: remove and prune leave the volume alone. */
    public void addUser(String name, String containerId) {
        locked(name, () -> {
            locate(name);
            users.computeIfAbsent(name, k -> ConcurrentHashMap.newKeySet()).add(containerId);
            return null;
        });
    }

    public void removeUser(String name, String containerId) {
        locked(name, () -> {
            Set<String> set = users.get(name);
            if (set != null && set.remove(containerId) && set.isEmpty()) users.remove(name);
            return null;
        });
    }

    /** Containers registered as users or holding a mount of {@code name}, sorted. */
    public Set<String> usedBy(String name) {
        Set<String> out = new java.util.TreeSet<>(users.getOrDefault(name, Set.of()));
        Map<String, Mount> m = mounts.get(name);
        if (m != null) out.addAll(m.keySet());
        return new LinkedHashSet<>(out);
    }

    /** The engine's record of {@code name}; a volume only its driver knows (created out of band) is adopted. */
    private VolumeRecord locate(String name) {
        VolumeRecord record = records.get(name);
        if (record != null) return record;
        for (VolumeDriver d : drivers.available(new ArrayList<>())) {
            try {
                DriverVolume dv = d.get(name);
                VolumeRecord adopted = new VolumeRecord(name, d.name(), Map.of(), Map.of(),
                    dv.createdAt() != null ? dv.createdAt() : clock.instant());
                store.put(adopted);
                records.put(name, adopted);
                return adopted;
            } catch (BerthException ignored) {
                // not this driver's
            }
        }
        throw new BerthException.NotFound("get " + name + ": no such volume");
    }

    private Volume toVolume(VolumeRecord record, VolumeDriver driver, DriverVolume dv) {
        return new Volume(record.name(), record.driver(), dv.mountpoint(),
            record.createdAt() != null ? record.createdAt() : dv.createdAt(), record.labels(), record.options(),
            driver.scope(), dv.status());
    }

    private void publish(String action, VolumeRecord record) {
        publish(action, record, Map.of());
    }

    private void publish(String action, VolumeRecord record, Map<String, String> extra) {
        Map<String, String> attributes = new LinkedHashMap<>(extra);
        attributes.put("driver", record.driver());
        events.publish("volume", action, record.name(), attributes);
    }

    private <T> T locked(String name, Supplier<T> body) {
        ReentrantLock lock = locks.computeIfAbsent(name, k -> new ReentrantLock());
        lock.lock();
        try {
            return body.get();
        } finally {
            lock.unlock();
        }
    }

    /** Runs a driver call and puts dockerd's {@code "<op> <name>: "} in front of its error, keeping the kind. */
    private static <T> T op(String op, String name, Supplier<T> call) {
        try {
            return call.get();
        } catch (BerthException e) {
            String prefix = op + " " + name + ": ";
            if (e.getMessage() != null && e.getMessage().startsWith(prefix)) throw e;
            throw withMessage(e, prefix + e.getMessage());
        }
    }

    static BerthException withMessage(BerthException e, String message) {
        BerthException out = switch (e) {
            case BerthException.NotFound x -> new BerthException.NotFound(message);
            case BerthException.InvalidArgument x -> new BerthException.InvalidArgument(message, e);
            case BerthException.Conflict x -> new BerthException.Conflict(message);
            case BerthException.NotModified x -> new BerthException.NotModified(message);
            case BerthException.Unauthorized x -> new BerthException.Unauthorized(message, e);
            case BerthException.Forbidden x -> new BerthException.Forbidden(message);
            case BerthException.Unavailable x -> new BerthException.Unavailable(message, e);
            case BerthException.NotImplemented x -> new BerthException.NotImplemented(message);
            case BerthException.Internal x -> new BerthException.Internal(message, e);
        };
        return out;
    }
}
