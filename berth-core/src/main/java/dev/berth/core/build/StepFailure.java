package dev.berth.core.build;

/**
 * The cause of the {@code InvalidArgument} a build throws when a RUN step exits non-zero: the
 * exit code, which the API puts into {@code errorDetail.code} so that {@code docker build} exits
 * with it, as with dockerd.
 */
public final class StepFailure extends RuntimeException {
    private final int exitCode;

    public StepFailure(String message, int exitCode) {
        super(message, null, false, false);
        this.exitCode = exitCode;
    }

    public int exitCode() { return exitCode; }
}
