package dev.berth.core.container;

import java.time.Instant;
import java.util.List;

/**
 * A container's health as its probes found it ({@code State.Health} in inspect).
 *
 * @param status        {@code starting}, {@code healthy} or {@code unhealthy}
 * @param failingStreak consecutive failed probes (failures in the start period do not count)
 * @param log           the last probes, oldest first (at most {@link #LOG_SIZE})
 */
public record ContainerHealth(String status, int failingStreak, List<Probe> log) {
    public static final String STARTING = "starting";
    public static final String HEALTHY = "healthy";
    public static final String UNHEALTHY = "unhealthy";
    static final int LOG_SIZE = 5;

    public ContainerHealth {
        log = List.copyOf(log);
    }

    /** One probe: exit code 0 healthy, else unhealthy; -1 when it could not run or timed out. */
    public record Probe(Instant start, Instant end, int exitCode, String output) {}

    static ContainerHealth starting() { return new ContainerHealth(STARTING, 0, List.of()); }

    /**
     * dockerd's rule: success makes it healthy; a failure counts unless the container is still in
     * its start period and has not yet been healthy; {@code retries} counted failures make it unhealthy.
     */
    ContainerHealth after(Probe probe, boolean inStartPeriod, int retries) {
        List<Probe> next = new java.util.ArrayList<>(log);
        next.add(probe);
        if (next.size() > LOG_SIZE) next = next.subList(next.size() - LOG_SIZE, next.size());
        if (probe.exitCode() == 0) return new ContainerHealth(HEALTHY, 0, next);
        if (inStartPeriod && status.equals(STARTING)) return new ContainerHealth(status, failingStreak, next);
        int streak = failingStreak + 1;
        return new ContainerHealth(streak >= retries ? UNHEALTHY : status, streak, next);
    }
}
