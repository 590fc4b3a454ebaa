package dev.berth.core.container;

import dev.berth.common.error.BerthException;
import java.util.Map;
import java.util.Set;

/**
 * What a container's log options mean for its log file: rotate once the file holds
 * {@code maxSize} bytes, keeping {@code maxFiles} files in all (the current one included).
 * dockerd reads the option values when it starts the container, not at create, and fails the
 * start with {@code failed to initialize logging driver: …}; {@link #of} does the same with its words.
 *
 * <p>{@code compress} is accepted and checked as dockerd does, but rotated files stay uncompressed.
 *
 * @param maxSize  bytes; 0 or less: the file is never rotated
 * @param maxFiles at least 1; 1 means the file is emptied when full (dockerd's json-file does so too)
 */
public record LogRotation(long maxSize, int maxFiles) {
    public static final LogRotation NONE = new LogRotation(0, 1);
    /** The local driver's defaults (dockerd's local.go): 20 MiB, 5 files. */
    static final LogRotation LOCAL_DEFAULT = new LogRotation(20L << 20, 5);
    private static final Set<String> TRUE = Set.of("1", "t", "T", "TRUE", "true", "True");
    private static final Set<String> FALSE = Set.of("0", "f", "F", "FALSE", "false", "False");

    /**
     * The rotation of a container's log.
     *
     * @throws BerthException.Internal (as dockerd answers 500) when an option value is invalid
     */
    public static LogRotation of(LogConfig c) {
        LogConfig config = LogConfig.orDefault(c);
        try {
            return switch (config.type()) {
                case LogConfig.JSON_FILE -> jsonFile(config.config());
                case LogConfig.LOCAL -> local(config.config());
                default -> NONE;
            };
        } catch (BerthException.InvalidArgument e) {
            throw new BerthException.Internal("failed to initialize logging driver: " + e.getMessage(), e);
        }
    }

    /** Rotation by renaming: the daemon watches the file. With one file the supervisor empties it by itself. */
    public boolean rotates() { return maxSize > 0 && maxFiles > 1; }

    /**
     * The limit to give the log's writer (conmon's {@code --log-size-max}, which starts a new, empty
     * file when reached). With one file that is the rotation itself, as dockerd's json-file empties
     * its only file. With more files the daemon rotates and the writer gets no limit: conmon 2.1.6
     * counts every byte it wrote since its start, a reopen through its ctl FIFO does not reset that
     * count, so any limit would hit at regular intervals and throw away the current file's lines.
     * The price: while the daemon is down the current file grows without bound, and the daemon
     * rotates it when it is back. 0: no limit.
     */
    public long supervisorLimit() {
        return maxSize > 0 && maxFiles <= 1 ? maxSize : 0;
    }

    private static LogRotation jsonFile(Map<String, String> o) {
        long size = -1;
        if (o.containsKey("max-size")) {
            size = LogSizes.decimal(o.get("max-size"));
            if (size <= 0) throw invalid("max-size must be a positive number");
        }
        int files = 1;
        if (o.containsKey("max-file")) {
            files = atoi(o.get("max-file"));
            if (files < 1) throw invalid("max-file cannot be less than 1");
        }
        if (o.containsKey("compress") && parseBool(o.get("compress")) && (files == 1 || size == -1)) {
            throw invalid("compress cannot be true when max-file is less than 2 or max-size is not set");
        }
        return new LogRotation(Math.max(size, 0), files);
    }

    private static LogRotation local(Map<String, String> o) {
        long size = LOCAL_DEFAULT.maxSize();
        if (o.containsKey("max-size")) {
            try {
                size = LogSizes.binary(o.get("max-size"));
            } catch (BerthException.InvalidArgument e) {
                throw invalid("invalid value for max-size: " + o.get("max-size") + ": " + e.getMessage());
            }
        }
        int files = LOCAL_DEFAULT.maxFiles();
        if (o.containsKey("max-file")) {
            try {
                files = atoi(o.get("max-file"));
            } catch (BerthException.InvalidArgument e) {
                throw invalid("invalid value for max-file: " + o.get("max-file") + ": " + e.getMessage());
            }
            if (files < 0) throw invalid("max file count cannot be less than 0");
            files = Math.max(files, 1);
        }
        boolean compress = true;
        if (o.containsKey("compress")) {
            try {
                compress = parseBool(o.get("compress"));
            } catch (BerthException.InvalidArgument e) {
                throw invalid("error reading compress log option: " + e.getMessage());
            }
        }
        if (compress && files == 1) throw invalid("compression cannot be enabled when max file count is 1");
        return new LogRotation(size, files);
    }

    /** Go's strconv.Atoi, with its message. */
    private static int atoi(String s) {
        try {
            return Integer.parseInt(s);
        } catch (NumberFormatException e) {
            throw invalid("strconv.Atoi: parsing \"" + s + "\": invalid syntax");
        }
    }

    /** Go's strconv.ParseBool, with its message. */
    private static boolean parseBool(String s) {
        if (TRUE.contains(s)) return true;
        if (FALSE.contains(s)) return false;
        throw invalid("strconv.ParseBool: parsing \"" + s + "\": invalid syntax");
    }

    private static BerthException.InvalidArgument invalid(String message) {
        return new BerthException.InvalidArgument(message);
    }
}
