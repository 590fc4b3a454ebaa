package dev.berth.core.runtime;

import java.time.Instant;

/**
 * What the OCI runtime knows about a container's (or exec's) process. This is the runtime's view;
 * the container service maps it onto Docker's richer container states (Restarting, Removing …).
 */
public sealed interface ContainerProcessState {

    /** The process exists but has not been started: its pid is set, args not yet exec'd. */
    record Created(int pid) implements ContainerProcessState {}

    record Running(int pid) implements ContainerProcessState {}

    /** Frozen by the cgroup freezer (docker pause). */
    record Paused(int pid) implements ContainerProcessState {}

    /**
     * The process has exited.
     *
     * @param exitCode   the exit status, or 128+signal if a signal killed it (137 for SIGKILL);
     *                   {@link #UNKNOWN_EXIT} when the supervisor recorded none (it was killed itself)
     * @param finishedAt when the exit was recorded, null if unknown
     * @param oomKilled  the kernel's OOM killer hit the container's cgroup
     */
    record Stopped(int exitCode, Instant finishedAt, boolean oomKilled) implements ContainerProcessState {}

    int UNKNOWN_EXIT = -1;

    /** The pid while the process exists, else 0. */
    default int pid() {
        return switch (this) {
            case Created c -> c.pid();
            case Running r -> r.pid();
            case Paused p -> p.pid();
            case Stopped s -> 0;
        };
    }
}
