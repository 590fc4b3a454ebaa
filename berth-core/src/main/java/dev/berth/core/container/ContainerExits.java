package dev.berth.core.container;

import dev.berth.common.error.BerthException;
import dev.berth.core.runtime.ContainerProcessState;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What happens when a container's process ends, whether the daemon saw it live or finds it at
 * start: record the exit, publish {@code die}, wake waiters, then AutoRemove or the restart policy
 * (with dockerd's back-off: 100 ms doubling per consecutive restart, reset after 10 s of running).
 */
final class ContainerExits {
    private static final Logger LOG = LoggerFactory.getLogger(ContainerExits.class);
    private static final Duration FIRST_DELAY = Duration.ofMillis(100);
    private static final Duration MAX_DELAY = Duration.ofMinutes(1);
    private static final Duration STABLE_RUN = Duration.ofSeconds(10);

    private final ContainerContext ctx;

    ContainerExits(ContainerContext ctx) {
        this.ctx = ctx;
    }

    /** The monitor saw the process vanish: ask the runtime how it ended. */
    void processGone(String id) {
        var lock = ctx.index.lock(id);
        lock.lock();
        Container after;
        try {
            Container c = ctx.index.get(id);
            if (c == null || !(c.state() instanceof ContainerState.Running || c.state() instanceof ContainerState.Paused)) return;
            ContainerProcessState st = runtimeState(id);
            if (!(st instanceof ContainerProcessState.Stopped stopped)) {
                ctx.monitor.watch(id, st.pid()); // a different pid (restarted meanwhile): keep watching
                return;
            }
            after = recordExit(c, stopped);
        } finally {
            lock.unlock();
        }
        followUp(after);
    }

    /** Under the lock: Exited or Restarting, persisted, {@code die} published, waiters woken. */
    Container recordExit(Container c, ContainerProcessState.Stopped stopped) {
        int code = stopped.exitCode() == ContainerProcessState.UNKNOWN_EXIT ? 255 : stopped.exitCode();
        Instant at = stopped.finishedAt() != null ? stopped.finishedAt() : ctx.clock.instant();
        ctx.forgetRuntime(c.id());
        ctx.networking.release(c.id());
        ctx.unmount(c.id());
        ctx.mounts.unmount(c);
        boolean restart = !c.hostConfig().autoRemove()
            && c.hostConfig().restartPolicy().shouldRestart(code, c.restartCount(), c.manuallyStopped());
        Container next = restart ? ContainerTransitions.restarting(c, code, at)
            : ContainerTransitions.exited(c, code, stopped.oomKilled(), at);
        ctx.save(next);
        if (stopped.oomKilled()) ctx.publish(next, "oom", Map.of());
        ctx.logFollowers.catchUp(c.id()); // followers send the last lines before die (as dockerd)
        ctx.publish(next, "die", Map.of("exitCode", Integer.toString(code)));
        ctx.waiters.exited(c.id(), code);
        return next;
    }

    /** Outside the lock: AutoRemove or a delayed restart. */
    void followUp(Container c) {
        if (c.state() instanceof ContainerState.Restarting) {
            Duration delay = delay(c);
            Thread.ofVirtual().name("restart-" + c.shortId()).start(() -> restartLater(c.id(), delay));
        } else if (c.hostConfig().autoRemove()) {
            try {
                ctx.update(c.id(), cur -> {
                    int last = cur.state().exitCode();
                    ctx.destroy(ContainerTransitions.removing(cur, true), last, true);
                    return cur;
                });
            } catch (BerthException e) {
                LOG.warn("auto-removing container {} failed: {}", c.id(), e.getMessage());
            }
        }
    }

    private static Duration delay(Container c) {
        boolean stable = c.startedAt() != null && c.finishedAt() != null
            && Duration.between(c.startedAt(), c.finishedAt()).compareTo(STABLE_RUN) >= 0;
        if (stable) return FIRST_DELAY;
        Duration d = FIRST_DELAY.multipliedBy(1L << Math.min(c.restartCount(), 10));
        return d.compareTo(MAX_DELAY) > 0 ? MAX_DELAY : d;
    }

    private void restartLater(String id, Duration delay) {
        try {
            Thread.sleep(delay);
        } catch (InterruptedException e) {
            return;
        }
        var lock = ctx.index.lock(id);
        lock.lock();
        try {
            Container c = ctx.index.get(id);
            if (c == null || !(c.state() instanceof ContainerState.Restarting)) return; // stopped or removed meanwhile
            Container started = ctx.startProcess(c, true);
            ctx.publish(started, "restart", Map.of());
        } catch (BerthException e) {
            LOG.warn("restarting container {} failed: {}", id, e.getMessage());
        } finally {
            lock.unlock();
        }
    }

    private ContainerProcessState runtimeState(String id) {
        try {
            return ctx.runtime.state(id);
        } catch (BerthException.NotFound e) {
            return new ContainerProcessState.Stopped(ContainerProcessState.UNKNOWN_EXIT, null, false);
        }
    }

    /**
     * Daemon start: reconcile one stored container with the runtime (the process may have exited,
     * or be still running under its supervisor) and re-apply its restart policy.
     */
    void restore(Container c) {
        Container after = null;
        var lock = ctx.index.lock(c.id());
        lock.lock();
        try {
            switch (c.state()) {
                case ContainerState.Running r -> after = reattach(c);
                case ContainerState.Paused p -> after = reattach(c);
                case ContainerState.Restarting r -> after = c;
                case ContainerState.Removing r -> ctx.save(ContainerTransitions.dead(c));
                case ContainerState.Exited e -> {
                    RestartPolicy.Name n = c.hostConfig().restartPolicy().name();
                    if (!c.manuallyStopped() && (n == RestartPolicy.Name.ALWAYS || n == RestartPolicy.Name.UNLESS_STOPPED)) {
                        after = ContainerTransitions.restarting(c, e.exitCode(), c.finishedAt());
                        ctx.save(after);
                    }
                }
                default -> { }
            }
        } finally {
            lock.unlock();
        }
        boolean live = after != null && (after.state() instanceof ContainerState.Running || after.state() instanceof ContainerState.Paused);
        if (after != null && !live) followUp(after);
    }

    private Container reattach(Container c) {
        ContainerProcessState st = runtimeState(c.id());
        switch (st) {
            case ContainerProcessState.Stopped s -> {
                return recordExit(c, s);
            }
            case ContainerProcessState.Paused p -> {
                Container next = c.withState(new ContainerState.Paused(p.pid()));
                ctx.save(next);
                ctx.monitor.watch(c.id(), p.pid());
                return next;
            }
            default -> {
                Container next = c.withState(new ContainerState.Running(st.pid()));
                ctx.save(next);
                ctx.monitor.watch(c.id(), st.pid());
                return next;
            }
        }
    }
}
