package dev.berth.core.container;

import dev.berth.common.error.BerthException;
import java.util.Collections;
import java.util.Map;
import java.util.TreeMap;

/**
 * Docker's {@code HostConfig.LogConfig}: the log driver and its options as given ({@code --log-driver},
 * {@code --log-opt}, or the daemon's {@code log-driver}/{@code log-opts}). Inspect shows them as they
 * are; {@link LogDrivers} checks them and {@link LogRotation} gives the options their meaning.
 *
 * @param type   the driver; empty means "the daemon's default" (only before {@link LogDrivers#resolve})
 * @param config the options, sorted by name as dockerd's JSON shows them
 */
public record LogConfig(String type, Map<String, String> config) {
    public static final String JSON_FILE = "json-file";
    public static final String LOCAL = "local";
    public static final String NONE = "none";

    /** What dockerd uses without {@code daemon.json} settings, and what records written before log drivers read as. */
    public static final LogConfig DEFAULT = new LogConfig(JSON_FILE, Map.of());

    public LogConfig {
        type = type == null ? "" : type;
        config = config == null ? Map.of() : Collections.unmodifiableMap(new TreeMap<>(config));
    }

    /** {@code c}, or {@link #DEFAULT} for containers stored before they had a log configuration. */
    public static LogConfig orDefault(LogConfig c) {
        return c == null || c.type().isEmpty() ? DEFAULT : c;
    }

    /** False for {@code none}: no log file is written, so {@code docker logs} has nothing to read. */
    public boolean readable() { return !NONE.equals(type); }

    /**
     * For {@code docker logs}: dockerd's answer (501) for a driver without a log to read. Callers
     * that stream check this before they send a response header.
     */
    public static void requireReadable(LogConfig c) {
        if (!orDefault(c).readable()) {
            throw new BerthException.NotImplemented("configured logging driver does not support reading");
        }
    }
}
