package dev.berth.core.container;

import dev.berth.common.error.BerthException;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * The log drivers Berth offers ({@code json-file}, {@code local}, {@code none}) and the check dockerd
 * makes when a container is created (its {@code mergeAndVerifyLogConfig}): the driver, the option
 * names and the driver-independent {@code mode}/{@code max-buffer-size}. Option values are dockerd's
 * business at start ({@link LogRotation#of}), so they are not looked at here. Messages are dockerd
 * 20.10's, checked against it.
 */
public final class LogDrivers {
    /** Options every driver takes (dockerd's builtInLogOpts) and the dual-logging cache's, which dockerd filters out. */
    private static final Set<String> COMMON_OPTS = Set.of("mode", "max-buffer-size",
        "cache-disabled", "cache-max-size", "cache-max-file", "cache-compress");
    private static final Set<String> JSON_FILE_OPTS =
        Set.of("max-file", "max-size", "compress", "labels", "labels-regex", "env", "env-regex", "tag");
    private static final Set<String> LOCAL_OPTS = Set.of("max-file", "max-size", "compress");
    /** dockerd's other built-in drivers: named in their own error, since a user may expect them here. */
    private static final Set<String> DOCKER_ONLY = Set.of("syslog", "journald", "gelf", "fluentd", "awslogs", "splunk",
        "etwlogs", "gcplogs", "logentries");

    private LogDrivers() {}

    /**
     * The container's log configuration: without a driver the daemon's, and for the daemon's driver
     * its options fill in those the container does not set (as dockerd merges them).
     *
     * @param requested     from the create request; null or an empty type means the daemon's default
     * @throws BerthException.InvalidArgument for an unknown driver or option
     */
    public static LogConfig resolve(LogConfig requested, LogConfig daemonDefault) {
        LogConfig def = LogConfig.orDefault(daemonDefault);
        String type = requested == null || requested.type().isEmpty() ? def.type() : requested.type();
        Map<String, String> config = new TreeMap<>(requested == null ? Map.of() : requested.config());
        if (type.equals(def.type())) def.config().forEach(config::putIfAbsent);
        LogConfig out = new LogConfig(type, config);
        validate(out);
        return out;
    }

    /** dockerd's ValidateLogOpts, for the drivers Berth has. */
    public static void validate(LogConfig c) {
        if (c.type().equals(LogConfig.NONE)) return;
        Map<String, String> cfg = c.config();
        String mode = cfg.getOrDefault("mode", "");
        if (!mode.isEmpty() && !mode.equals("blocking") && !mode.equals("non-blocking")) {
            throw invalid("logger: logging mode not supported: " + mode);
        }
        if (cfg.containsKey("max-buffer-size")) {
            if (!mode.equals("non-blocking")) {
                throw invalid("logger: max-buffer-size option is only supported with 'mode=non-blocking'");
            }
            try {
                LogSizes.binary(cfg.get("max-buffer-size"));
            } catch (BerthException.InvalidArgument e) {
                throw invalid("error parsing option max-buffer-size: " + e.getMessage());
            }
        }
        Set<String> known = switch (c.type()) {
            case LogConfig.JSON_FILE -> JSON_FILE_OPTS;
            case LogConfig.LOCAL -> LOCAL_OPTS;
            default -> throw unknownDriver(c.type());
        };
        for (String key : cfg.keySet()) {
            if (COMMON_OPTS.contains(key) || known.contains(key)) continue;
            throw invalid(c.type().equals(LogConfig.JSON_FILE)
                ? "unknown log opt '" + key + "' for json-file log driver"
                : "unknown log opt '" + key + "' for log driver " + c.type());
        }
    }

    private static BerthException unknownDriver(String type) {
        if (DOCKER_ONLY.contains(type)) {
            return invalid("log driver " + type + " is not supported by Berth (json-file, local and none are)");
        }
        // dockerd looks an unknown name up as a logging plugin; Berth has no logging plugins
        return invalid("error looking up logging plugin " + type + ": plugin \"" + type + "\" not found");
    }

    private static BerthException.InvalidArgument invalid(String message) {
        return new BerthException.InvalidArgument(message);
    }
}
