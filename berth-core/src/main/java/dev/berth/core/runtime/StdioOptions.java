package dev.berth.core.runtime;

import java.nio.file.Path;

/**
 * How a container's standard streams are wired. Output always goes to a log file the runtime's
 * supervisor writes (so logs survive a daemon restart); live attach goes through a socket.
 *
 * @param logPath    the log file; its format is the adapter's (runc: CRI "k8s-file" lines)
 * @param openStdin  keep a stdin pipe open (-i); attach clients write to it
 * @param tty        allocate a terminal (-t); then stdout and stderr are one stream
 * @param logSizeMax rotate/truncate above this many bytes; 0 or less for no limit
 * @param stdinOnce  Docker's StdinOnce ({@code docker run -i} without {@code -d}): when the first
 *                   attached client closes its stdin, the process's stdin is closed too (EOF);
 *                   otherwise stdin stays open for the next client. Only meaningful with openStdin.
 * @param logDisabled  write no log at all ({@code --log-driver none}); {@code logPath} is then unused
 */
public record StdioOptions(Path logPath, boolean openStdin, boolean tty, long logSizeMax, boolean stdinOnce,
                           boolean logDisabled) {

    public StdioOptions(Path logPath, boolean openStdin, boolean tty, long logSizeMax, boolean stdinOnce) {
        this(logPath, openStdin, tty, logSizeMax, stdinOnce, false);
    }

    /** Without stdin-once: what detached containers and {@code docker run -id} use. */
    public StdioOptions(Path logPath, boolean openStdin, boolean tty, long logSizeMax) {
        this(logPath, openStdin, tty, logSizeMax, false);
    }

    public static StdioOptions logTo(Path logPath) {
        return new StdioOptions(logPath, false, false, 0);
    }

    public StdioOptions withStdinOnce(boolean once) {
        return new StdioOptions(logPath, openStdin, tty, logSizeMax, once, logDisabled);
    }

    public StdioOptions withLogDisabled(boolean disabled) {
        return new StdioOptions(logPath, openStdin, tty, logSizeMax, stdinOnce, disabled);
    }
}
