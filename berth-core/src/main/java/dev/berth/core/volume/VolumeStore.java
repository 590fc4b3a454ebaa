package dev.berth.core.volume;

import java.time.Instant;
import java.util.Map;

/**
 * The engine's own record of every volume (which driver holds it, its labels and options), kept
 * apart from the drivers so that a volume on a plugin that is down is still known. Writes are
 * crash-safe: after a crash a record is either fully there or absent.
 *
 * <p>Threading: {@link VolumeService} serialises writes; implementations need not.
 */
public interface VolumeStore {

    Map<String, VolumeRecord> load();

    void put(VolumeRecord record);

    void delete(String name);

    /** One volume as the engine records it. */
    record VolumeRecord(String name, String driver, Map<String, String> labels, Map<String, String> options, Instant createdAt) {
        public VolumeRecord {
            labels = labels == null ? Map.of() : Map.copyOf(labels);
            options = options == null ? Map.of() : Map.copyOf(options);
        }
    }
}
