package dev.berth.core.container;

/**
 * Where a container is in its life, as Docker reports it ({@code State.Status}). Only
 * {@link ContainerTransitions} creates new states from old ones, so every legal move is listed in
 * one place.
 */
public sealed interface ContainerState {

    /** Created (or start failed before the process ran); never started since. */
    record Created() implements ContainerState {}

    record Running(int pid) implements ContainerState {}

    /** Frozen by the cgroup freezer. */
    record Paused(int pid) implements ContainerState {}

    /** Exited and waiting for its restart policy's delay; {@code exitCode} is the last exit. */
    record Restarting(int exitCode) implements ContainerState {}

    /**
     * The process has exited.
     *
     * @param error the start failure ({@code exec: "x": executable file not found in $PATH}), else empty
     */
    record Exited(int exitCode, boolean oomKilled, String error) implements ContainerState {
        public Exited {
            error = error == null ? "" : error;
        }
    }

    /** Removal failed half-way; only {@code rm -f} can finish it. */
    record Dead() implements ContainerState {}

    /** Being removed. */
    record Removing() implements ContainerState {}

    ContainerState CREATED = new Created();

    /** Docker's {@code State.Status} word. */
    default String status() {
        return switch (this) {
            case Created c -> "created";
            case Running r -> "running";
            case Paused p -> "paused";
            case Restarting r -> "restarting";
            case Exited e -> "exited";
            case Dead d -> "dead";
            case Removing r -> "removing";
        };
    }

    /** Docker's {@code State.Running}: true while a process exists, paused or not, and while restarting. */
    default boolean running() {
        return this instanceof Running || this instanceof Paused || this instanceof Restarting;
    }

    /** The process id while one exists, else 0. */
    default int pid() {
        return switch (this) {
            case Running r -> r.pid();
            case Paused p -> p.pid();
            default -> 0;
        };
    }

    /** The last exit code (0 before the first exit). */
    default int exitCode() {
        return switch (this) {
            case Exited e -> e.exitCode();
            case Restarting r -> r.exitCode();
            default -> 0;
        };
    }
}
