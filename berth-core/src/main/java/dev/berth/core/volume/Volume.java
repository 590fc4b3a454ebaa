package dev.berth.core.volume;

import java.time.Instant;
import java.util.Map;

/**
 * A named volume as {@code docker volume inspect} shows it: what the engine knows (driver,
 * labels, options, creation time) joined with what the driver reports (mountpoint, status).
 *
 * @param mountpoint the host path the driver reports; may be empty for a remote volume that is not mounted
 * @param createdAt null when neither the engine nor the driver knows it
 * @param status driver-specific details, shown as {@code Status}; empty when the driver gives none
 */
public record Volume(String name, String driver, String mountpoint, Instant createdAt, Map<String, String> labels,
                     Map<String, String> options, Scope scope, Map<String, String> status) {

    /** Docker labels volumes created without a name with this, so that prune can tell them apart. */
    public static final String ANONYMOUS_LABEL = "com.docker.volume.anonymous";

    public Volume {
        labels = labels == null ? Map.of() : Map.copyOf(labels);
        options = options == null ? Map.of() : Map.copyOf(options);
        status = status == null ? Map.of() : Map.copyOf(status);
        mountpoint = mountpoint == null ? "" : mountpoint;
    }

    /** Where a volume is visible: this host only, or every engine of a cluster. */
    public enum Scope {
        LOCAL, GLOBAL;

        public String wire() { return name().toLowerCase(java.util.Locale.ROOT); }

        public static Scope parse(String s) {
            return s != null && s.equalsIgnoreCase("global") ? GLOBAL : LOCAL;
        }
    }
}
