package dev.berth.core.runtime;

import dev.berth.common.error.BerthException;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Consumer;

/**
 * SPI: runs containers with an OCI runtime (runc, crun …) under a supervisor that is not the
 * daemon, so containers, their logs and their exit codes outlive a daemon restart (live-restore).
 *
 * <h2>Lifecycle</h2>
 * {@code create} → ({@link ContainerProcessState.Created}) → {@code start} → Running ⇄ Paused
 * ({@code pause}/{@code resume}) → the process exits or is {@code kill}ed → Stopped (exit code kept)
 * → {@code delete}. {@code delete(force=true)} is allowed in any state and kills first. After
 * {@code delete} the id is unknown and may be reused. Exec'd processes live inside a running
 * container and end with it.
 *
 * <h2>Threading</h2>
 * Implementations are thread-safe and stateless between calls apart from what they keep on disk:
 * a new instance over the same directories sees the same containers (this is how the daemon
 * restores after a restart). Calls block (they run external programs) and must run on virtual
 * threads, never on an event loop. Callers serialise operations per container; calls for different
 * containers may run concurrently.
 *
 * <h2>Errors</h2>
 * Every method throws only {@link dev.berth.common.error.BerthException}s, classified at the source:
 * an unknown id is {@code NotFound} ("No such container: id"); an operation impossible in the
 * current state (start twice, pause a stopped container) is {@code Conflict}; a spec the runtime
 * rejects (unknown capability, bad limit) is {@code InvalidArgument}; a process that cannot be
 * started (command not found, not executable) is {@code InvalidArgument} with the runtime's own
 * message and a {@link ContainerStartException} cause carrying Docker's exit code (127/126); a
 * runtime that hangs is {@code Unavailable}; anything else is {@code Internal} with
 * the runtime's stderr in the message.
 */
public interface OciRuntime {

    /** A short name ({@code runc}, {@code crun}) as {@code docker info} shows it. */
    String name();

    /**
     * Creates the container: writes the runtime's config into {@code bundle} (created if missing),
     * sets up namespaces and cgroups and starts the supervisor. The user's process is not yet running.
     *
     * @return {@link ContainerProcessState.Created} with the init pid
     * @throws dev.berth.common.error.BerthException.InvalidArgument with a {@link ContainerStartException}
     *         cause when the process cannot be started (not found, not executable)
     */
    ContainerProcessState create(String id, Path bundle, RuntimeSpec spec, StdioOptions stdio);

    /** Starts the process of a created container. */
    void start(String id);

    ContainerProcessState state(String id);

    /** Sends a signal to the container's init process (9 for SIGKILL, 15 for SIGTERM …). */
    void kill(String id, int signal);

    void pause(String id);

    void resume(String id);

    /**
     * Forgets a stopped container and removes its runtime state, cgroups and supervisor files.
     * The bundle directory belongs to the caller and is left alone.
     *
     * @param force kill the container first if it is still running
     */
    void delete(String id, boolean force);

    /**
     * Starts {@code process} inside the running container {@code id}, supervised like the container.
     * The exec's output goes to {@code stdio.logPath()}.
     *
     * @param execId unique per container; names the exec's runtime files
     * @return the exec's state (Running with its pid, or Stopped if it already finished)
     */
    ContainerProcessState exec(String id, String execId, RuntimeSpec.Process process, StdioOptions stdio);

    /**
     * Like {@link #exec}, but the returned session is connected before the process runs, so it sees
     * all of the output ({@code docker exec} without {@code -d}). The output also goes to the log.
     * Attach input with {@code stdio.openStdin()}; closing the session's stdin closes the process's
     * (an exec's stdin is always stdin-once, as in Docker). Closing the session detaches only.
     *
     * @return the exec's state and its session; the caller closes the session
     */
    default ExecHandle execAttached(String id, String execId, RuntimeSpec.Process process, StdioOptions stdio) {
        throw new BerthException.NotImplemented(name() + " cannot attach to an exec before it starts");
    }

    /** The exec's state; its exit code once it has finished. */
    ContainerProcessState execState(String id, String execId);

    /**
     * Forgets a finished exec: removes its runtime files (exit code included). Stops it first if it
     * still runs. {@link #delete} does this for every exec of the container; call this to drop an
     * exec earlier (Docker forgets execs some time after they end). Unknown execs are ignored.
     */
    default void deleteExec(String id, String execId) {}

    /**
     * Reports processes that exit from now on, so the caller need not poll every container.
     *
     * <p>Delivery is at least once and unordered across processes: exits that happened while nobody
     * watched (e.g. during a daemon restart) are reported once when watching starts, and a rescan
     * every few seconds catches anything a file-system event missed. Callbacks run one at a time on
     * one virtual thread per subscription; they must not block for long, and an exception thrown by
     * one is logged and does not end the subscription. Read the exit code with {@link #state} or
     * {@link #execState}: a notice may arrive for a process that was deleted meanwhile.
     *
     * @return closing it stops the notifications (a callback in progress completes)
     */
    default Subscription watchExits(Consumer<ProcessExit> listener) {
        throw new BerthException.NotImplemented(name() + " cannot watch exits");
    }

    /** An active {@link #watchExits} registration. */
    interface Subscription extends AutoCloseable {
        @Override void close();
    }

    /**
     * What of these limits the host cannot enforce, as dockerd words it ("Your kernel does not
     * support …"); the runtime leaves those out. Invalid values throw InvalidArgument.
     */
    default List<String> resourceWarnings(Resources resources) { return List.of(); }

    /** Changes cgroup limits of a live container (docker update); null components stay unchanged. */
    void update(String id, Resources resources);

    /**
     * Asks the supervisor of a running container to continue its log in a new, empty file at
     * {@code stdio.logPath()} (the daemon has just renamed the old one: log rotation). Returns before
     * the supervisor has acted; until then output still goes to the renamed file.
     *
     * @throws BerthException.Conflict when no supervisor runs for the container any more
     */
    default void reopenLog(String id) {
        throw new BerthException.NotImplemented(name() + " cannot reopen a container's log");
    }

    /** Every container this runtime instance's state directory knows, in no particular order. */
    List<RuntimeContainer> list();
}
