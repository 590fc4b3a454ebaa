package dev.berth.core.container;

import dev.berth.core.event.Event;
import dev.berth.core.event.EventBus;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs the healthchecks of running containers: one virtual thread per checked container probes
 * with an exec every interval (the start interval during the start period), keeps the last
 * results and publishes {@code health_status: …} when the status changes.
 *
 * <p>It follows the container's own {@code start}/{@code die}/{@code destroy} events rather than
 * hooks in the lifecycle code, so the lifecycle stays unaware of health; {@link #resume} covers
 * containers found running at daemon start (live-restore), which publish no {@code start}.
 */
final class HealthMonitor implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(HealthMonitor.class);
    /** dockerd keeps this much of a probe's output. */
    static final int OUTPUT_LIMIT = 4096;

    private final ContainerContext ctx;
    private final LocalExecService execs;
    private final Map<String, ContainerHealth> health = new ConcurrentHashMap<>();
    private final Map<String, Thread> probers = new ConcurrentHashMap<>();
    private final EventBus.Subscription subscription;

    HealthMonitor(ContainerContext ctx, LocalExecService execs) {
        this.ctx = ctx;
        this.execs = execs;
        this.subscription = ctx.events.subscribe(Long.MAX_VALUE, this::onEvent);
    }

    /** The container's health, or null when it has no healthcheck or never ran with one. */
    ContainerHealth health(String id) { return health.get(id); }

    /** Daemon start: probe a container found running. */
    void resume(Container c) {
        if (c.state() instanceof ContainerState.Running || c.state() instanceof ContainerState.Paused) start(c.id());
    }

    /** Runs on the publisher's thread (under the container's lock): hand off at once. */
    private void onEvent(Event e) {
        if (!e.type().equals("container")) return;
        switch (e.action()) {
            case "start" -> start(e.actorId());
            case "die" -> stop(e.actorId(), false);
            case "destroy" -> stop(e.actorId(), true);
            default -> { }
        }
    }

    private void start(String id) {
        Container c = ctx.index.get(id);
        Healthcheck check = c == null ? null : c.config().healthcheck();
        if (check == null || !check.enabled()) return;
        health.put(id, ContainerHealth.starting());
        Thread t = Thread.ofVirtual().name("health-" + c.shortId()).unstarted(() -> probeLoop(id, check));
        Thread old = probers.put(id, t);
        if (old != null) old.interrupt();
        t.start();
    }

    private void stop(String id, boolean forget) {
        Thread t = probers.remove(id);
        if (t != null) t.interrupt();
        if (forget) health.remove(id);
    }

    private void probeLoop(String id, Healthcheck check) {
        Instant started = ctx.clock.instant();
        try {
            while (probers.get(id) == Thread.currentThread()) {
                boolean inStart = Duration.between(started, ctx.clock.instant()).compareTo(check.startPeriod()) < 0;
                Thread.sleep(inStart && !check.startPeriod().isZero() ? check.startInterval() : check.interval());
                Container c = ctx.index.get(id);
                if (c == null || !(c.state() instanceof ContainerState.Running)) {
                    if (c != null && c.state() instanceof ContainerState.Paused) continue; // no probes while frozen
                    return;
                }
                probeOnce(c, check, started);
            }
        } catch (InterruptedException stopped) {
            // the container stopped or was removed
        } catch (RuntimeException e) {
            LOG.warn("healthcheck of {} stopped: {}", id, e.getMessage());
        } finally {
            probers.remove(id, Thread.currentThread());
        }
    }

    private void probeOnce(Container c, Healthcheck check, Instant started) {
        Instant start = ctx.clock.instant();
        LocalExecService.ProbeResult r = execs.probe(c.id(), check.argv(), check.timeout(), OUTPUT_LIMIT);
        Instant end = ctx.clock.instant();
        String output = r.exitCode() == null && r.output().isEmpty()
            ? "Health check exceeded timeout (" + goDuration(check.timeout()) + ")" : r.output();
        var probe = new ContainerHealth.Probe(start, end, r.exitCode() == null ? -1 : r.exitCode(), output);
        boolean inStart = Duration.between(started, start).compareTo(check.startPeriod()) < 0;
        if (Thread.currentThread().isInterrupted() || probers.get(c.id()) != Thread.currentThread()) return;
        ContainerHealth before = health.getOrDefault(c.id(), ContainerHealth.starting());
        ContainerHealth after = before.after(probe, inStart, check.effectiveRetries());
        health.put(c.id(), after);
        if (!after.status().equals(before.status())) {
            Container now = ctx.index.get(c.id());
            if (now != null) ctx.publish(now, "health_status: " + after.status(), Map.of());
        }
    }

    @Override
    public void close() {
        subscription.close();
        probers.values().forEach(Thread::interrupt);
        probers.clear();
    }

    /** Go's time.Duration.String() for what healthchecks use ("30s", "1.5s", "500ms"). */
    static String goDuration(Duration d) {
        long ms = d.toMillis();
        if (ms < 1000) return ms + "ms";
        if (ms % 1000 == 0) return ms / 1000 + "s";
        return (ms / 1000) + "." + String.format("%03d", ms % 1000).replaceAll("0+$", "") + "s";
    }
}
