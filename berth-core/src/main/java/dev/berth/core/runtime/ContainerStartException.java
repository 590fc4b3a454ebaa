package dev.berth.core.runtime;

/**
 * Not a {@link dev.berth.common.error.BerthException} subtype (that taxonomy is sealed), so the
 * runtime throws the taxonomy's {@code InvalidArgument} with this as its cause; see
 * {@link #exitCodeOf(Throwable)}. Docker reports such failures with exit code 127 (not found) or
 * 126 (not executable) and the runtime's own message, e.g.
 * {@code exec: "foo": executable file not found in $PATH}.
 */
public final class ContainerStartException extends RuntimeException {
    private final int exitCode;

    public ContainerStartException(int exitCode, String message) {
        super(message, null, false, false);
        this.exitCode = exitCode;
    }

    /** 127: command not found; 126: found but cannot be executed; 128: other start failure. */
    public int exitCode() { return exitCode; }

    /** The Docker exit code carried by {@code error} or its causes, or -1. */
    public static int exitCodeOf(Throwable error) {
        for (Throwable t = error; t != null; t = t.getCause()) {
            if (t instanceof ContainerStartException e) return e.exitCode;
        }
        return -1;
    }
}
