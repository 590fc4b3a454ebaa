package dev.berth.core.container;

import dev.berth.common.error.BerthException;
import dev.berth.core.container.ContainerState.Created;
import dev.berth.core.container.ContainerState.Dead;
import dev.berth.core.container.ContainerState.Exited;
import dev.berth.core.container.ContainerState.Paused;
import dev.berth.core.container.ContainerState.Removing;
import dev.berth.core.container.ContainerState.Restarting;
import dev.berth.core.container.ContainerState.Running;
import java.time.Instant;

/**
 * Every legal state change of a container, and dockerd's error for each illegal one. Pure
 * functions: the caller holds the container's lock, persists the result and publishes events.
 *
 * <pre>
 * Created ──start──▶ Running ⇄ Paused
 *    ▲                 │ exit
 *    │ (start fails)   ▼
 * Exited ◀──────── Restarting (policy delay) ──start──▶ Running
 * any ──remove──▶ Removing ──(failure)──▶ Dead
 * </pre>
 */
public final class ContainerTransitions {
    private ContainerTransitions() {}

    /** May {@code docker start} run now? Running → NotModified (304), as dockerd. */
    public static void checkStartable(Container c) {
        switch (c.state()) {
            case Created cr -> { }
            case Exited e -> { }
            case Restarting r -> { }
            case Running r -> throw new BerthException.NotModified("container already started");
            case Paused p -> throw new BerthException.Conflict("cannot start a paused container, try unpause instead");
            case Removing r -> throw new BerthException.Conflict("container is marked for removal and cannot be started");
            case Dead d -> throw new BerthException.Conflict("container is marked for removal and cannot be started");
        }
    }

    public static Container started(Container c, int pid, Instant now, boolean byPolicy) {
        checkStartable(c);
        Container next = c.withState(new Running(pid)).withStartedAt(now).withManuallyStopped(false);
        return byPolicy ? next.withRestartCount(c.restartCount() + 1) : next.withRestartCount(0);
    }

    /** The process could not be started (command not found …): Exited with Docker's code and message. */
    public static Container startFailed(Container c, int exitCode, String error, Instant now) {
        return c.withState(new Exited(exitCode, false, error)).withFinishedAt(now);
    }

    public static Container exited(Container c, int exitCode, boolean oomKilled, Instant now) {
        return c.withState(new Exited(exitCode, oomKilled, "")).withFinishedAt(notBeforeStart(c, now));
    }

    /** An exit the restart policy answers with a delayed restart. */
    public static Container restarting(Container c, int exitCode, Instant now) {
        return c.withState(new Restarting(exitCode)).withFinishedAt(notBeforeStart(c, now));
    }

    /**
     * An exit time from the runtime (the exit file's mtime) is stamped by the kernel's coarse clock,
     * which lags the daemon's clock by up to a tick: a process that ends within a few milliseconds
     * of its start would seem to finish before it started.
     */
    private static Instant notBeforeStart(Container c, Instant finished) {
        return c.startedAt() != null && finished.isBefore(c.startedAt()) ? c.startedAt() : finished;
    }

    /** A restart that cannot happen after all (policy changed, start failed): settle as Exited. */
    public static Container settle(Container c) {
        return c.state() instanceof Restarting r ? c.withState(new Exited(r.exitCode(), false, "")) : c;
    }

    /** docker stop/kill: the exit that follows must not trigger the restart policy. */
    public static Container stoppedByUser(Container c) {
        return c.withManuallyStopped(true);
    }

    public static Container paused(Container c) {
        return switch (c.state()) {
            case Running r -> c.withState(new Paused(r.pid()));
            case Paused p -> throw new BerthException.Conflict("Container " + c.id() + " is already paused");
            default -> throw new BerthException.Conflict("Container " + c.id() + " is not running");
        };
    }

    public static Container unpaused(Container c) {
        if (c.state() instanceof Paused p) return c.withState(new Running(p.pid()));
        throw new BerthException.Conflict("Container " + c.id() + " is not paused");
    }

    /** Starts removal; a live container needs {@code force}. */
    public static Container removing(Container c, boolean force) {
        if (c.state() instanceof Removing) {
            throw new BerthException.Conflict("removal of container " + c.bareName() + " is already in progress");
        }
        if (!force && c.state() instanceof Paused) {
            throw new BerthException.Conflict("cannot remove container \"" + c.name()
                + "\": container is paused and must be unpaused first");
        }
        if (!force && c.state().running()) {
            throw new BerthException.Conflict("cannot remove container \"" + c.name()
                + "\": container is running: stop the container before removing or force remove");
        }
        return c.withState(new Removing());
    }

    public static Container dead(Container c) {
        return c.withState(new Dead());
    }
}
