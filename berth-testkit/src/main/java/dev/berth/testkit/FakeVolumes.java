package dev.berth.testkit;

import dev.berth.common.error.BerthException;
import dev.berth.core.event.EventBus;
import dev.berth.core.volume.Volume;
import dev.berth.core.volume.VolumeDriver;
import dev.berth.core.volume.VolumeDrivers;
import dev.berth.core.volume.VolumeService;
import dev.berth.core.volume.VolumeStore;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A {@link VolumeService} over an in-memory {@code local} driver and store, for tests of code that
 * uses volumes (routes, the container service) without touching disks. Mountpoints are
 * {@code /fake/volumes/<name>} and never exist.
 */
public final class FakeVolumes {
    private FakeVolumes() {}

    public static VolumeService service(EventBus events) {
        InMemoryDriver driver = new InMemoryDriver("local");
        VolumeDrivers drivers = new VolumeDrivers() {
            @Override public VolumeDriver get(String name) {
                if (name.equals(driver.name())) return driver;
                throw new BerthException.NotFound("error looking up volume plugin " + name + ": plugin \"" + name + "\" not found");
            }

            @Override public List<VolumeDriver> available(List<String> warnings) { return List.of(driver); }
        };
        return new VolumeService(drivers, new InMemoryStore(), events, Clock.systemUTC());
    }

    /** Volumes in a map; mounts are counted but nothing is mounted. Thread-safe. */
    public static final class InMemoryDriver implements VolumeDriver {
        private final String name;
        private final Map<String, DriverVolume> volumes = new ConcurrentHashMap<>();
        private final Map<String, Integer> mounts = new ConcurrentHashMap<>();

        public InMemoryDriver(String name) { this.name = name; }

        @Override public String name() { return name; }

        @Override public DriverVolume create(String n, Map<String, String> opts) {
            return volumes.computeIfAbsent(n, k -> new DriverVolume(k, "/fake/volumes/" + k, Instant.now(), Map.of()));
        }

        @Override public void remove(String n) {
            if (mounts.getOrDefault(n, 0) > 0) throw new BerthException.Conflict("volume is in use");
            if (volumes.remove(n) == null) throw new BerthException.NotFound("no such volume");
        }

        @Override public String mount(String n, String callerId) {
            mounts.merge(n, 1, Integer::sum);
            return get(n).mountpoint();
        }

        @Override public void unmount(String n, String callerId) { mounts.computeIfPresent(n, (k, c) -> c > 1 ? c - 1 : null); }

        @Override public String path(String n) { return get(n).mountpoint(); }

        @Override public DriverVolume get(String n) {
            DriverVolume v = volumes.get(n);
            if (v == null) throw new BerthException.NotFound("no such volume");
            return v;
        }

        @Override public List<DriverVolume> list() { return new ArrayList<>(volumes.values()); }

        @Override public Volume.Scope scope() { return Volume.Scope.LOCAL; }

        /** How many callers hold a mount of {@code n} now. */
        public int mountCount(String n) { return mounts.getOrDefault(n, 0); }
    }

    /** Records in a map. */
    public static final class InMemoryStore implements VolumeStore {
        private final Map<String, VolumeRecord> records = new ConcurrentHashMap<>();

        @Override public Map<String, VolumeRecord> load() { return Map.copyOf(records); }

        @Override public void put(VolumeRecord record) { records.put(record.name(), record); }

        @Override public void delete(String name) { records.remove(name); }
    }
}
