package dev.berth.core.container;

import java.time.Duration;
import java.util.List;

/**
 * A container's healthcheck (HEALTHCHECK, {@code --health-*}) in Docker's own terms, so that it is
 * stored as the client sent it: durations are nanoseconds and 0 means "Docker's default".
 *
 * @param test {@code ["CMD", argv…]}, {@code ["CMD-SHELL", "command"]}, {@code ["NONE"]} (disabled), or
 *             empty (inherit the image's)
 */
public record Healthcheck(List<String> test, long intervalNanos, long timeoutNanos, long startPeriodNanos,
                          long startIntervalNanos, int retries) {
    static final Duration DEFAULT_INTERVAL = Duration.ofSeconds(30);
    static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(30);
    static final Duration DEFAULT_START_INTERVAL = Duration.ofSeconds(5);
    static final int DEFAULT_RETRIES = 3;

    public Healthcheck {
        test = test == null ? List.of() : List.copyOf(test);
    }

    /** True when probes run: a CMD or CMD-SHELL test. */
    public boolean enabled() {
        return test.size() > 1 && (test.getFirst().equals("CMD") || test.getFirst().equals("CMD-SHELL"));
    }

    /** The probe's argv: CMD-SHELL runs through {@code /bin/sh -c}, as dockerd does on Linux. */
    public List<String> argv() {
        if (test.getFirst().equals("CMD-SHELL")) return List.of("/bin/sh", "-c", String.join(" ", test.subList(1, test.size())));
        return test.subList(1, test.size());
    }

    public Duration interval() { return orDefault(intervalNanos, DEFAULT_INTERVAL); }

    public Duration timeout() { return orDefault(timeoutNanos, DEFAULT_TIMEOUT); }

    public Duration startPeriod() { return Duration.ofNanos(startPeriodNanos); }

    public Duration startInterval() { return orDefault(startIntervalNanos, DEFAULT_START_INTERVAL); }

    public int effectiveRetries() { return retries <= 0 ? DEFAULT_RETRIES : retries; }

    /** dockerd's merge: each unset field of the request's check is taken from the image's. */
    static Healthcheck merge(Healthcheck request, Healthcheck image) {
        if (image == null) return request;
        if (request == null) return image;
        return new Healthcheck(request.test.isEmpty() ? image.test : request.test,
            request.intervalNanos == 0 ? image.intervalNanos : request.intervalNanos,
            request.timeoutNanos == 0 ? image.timeoutNanos : request.timeoutNanos,
            request.startPeriodNanos == 0 ? image.startPeriodNanos : request.startPeriodNanos,
            request.startIntervalNanos == 0 ? image.startIntervalNanos : request.startIntervalNanos,
            request.retries == 0 ? image.retries : request.retries);
    }

    private static Duration orDefault(long nanos, Duration fallback) {
        return nanos <= 0 ? fallback : Duration.ofNanos(nanos);
    }
}
