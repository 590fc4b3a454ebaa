package dev.berth.core.container;

import dev.berth.core.filter.Filters;
import dev.berth.core.runtime.Resources;
import java.io.IOException;
import java.io.OutputStream;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * Use cases on containers: the lifecycle behind {@code docker create/start/stop/kill/restart/
 * pause/unpause/rm/rename/wait/update/prune}, queries ({@code ps}, {@code inspect}, {@code top},
 * {@code logs}) and attaching to a container's streams.
 *
 * <p><b>Lifecycle.</b> A container is created (rootfs prepared, record persisted), started any
 * number of times, and removed. Exits are detected by the service itself (no client needs to be
 * connected) and answered by the restart policy, AutoRemove and {@code die} events. After a daemon
 * restart {@link #restore()} reconciles the stored containers with the runtime.
 *
 * <p><b>Threading.</b> Every method may be called concurrently from virtual threads and may
 * block (it runs the OCI runtime). Changes to one container are serialised; different containers
 * proceed in parallel.
 *
 * <p><b>Errors.</b> Unknown container → {@code NotFound("No such container: x")}; unknown image →
 * {@code NotFound("No such image: x")}; name in use, or an operation the state forbids →
 * {@code Conflict}; start of a running container → {@code NotModified}; invalid settings →
 * {@code InvalidArgument}; a process that cannot start → {@code InvalidArgument} with a
 * {@link dev.berth.core.runtime.ContainerStartException} cause (Docker's 126/127).
 *
 * <p>Identifiers ({@code idOrName}) are a full ID, a unique ID prefix, or a name with or without
 * its leading slash; an ambiguous prefix is {@code InvalidArgument}.
 */
public interface ContainerService {

    CreateResult create(CreateRequest request);

    void start(String idOrName);

    /**
     * Sends the stop signal and waits up to {@code timeout} (null: the container's StopTimeout,
     * else 10 s; negative: forever) before SIGKILL. A stopped container → {@code NotModified}.
     */
    void stop(String idOrName, Duration timeout);

    void restart(String idOrName, Duration timeout);

    /** Sends {@code signal} (a number, or a name with or without {@code SIG}); null means SIGKILL. */
    void kill(String idOrName, String signal);

    void pause(String idOrName);

    void unpause(String idOrName);

    void remove(String idOrName, boolean force);

    /** {@code docker rm [-f] [-v]}: {@code removeVolumes} also deletes the container's anonymous volumes. */
    default void remove(String idOrName, boolean force, boolean removeVolumes) { remove(idOrName, force); }

    void rename(String idOrName, String newName);

    /** Completes with the exit once {@code condition} holds; the future may be cancelled. */
    CompletableFuture<WaitResult> waitFor(String idOrName, WaitCondition condition);

    Container inspect(String idOrName);

    /** Containers matching {@code options}, newest first. */
    List<Container> list(ListOptions options);

    /** Processes in the container, as {@code ps} with {@code psArgs} (default {@code -ef}) shows them. */
    TopResult top(String idOrName, String psArgs);

    /** Changes resources and/or the restart policy (null leaves it); returns warnings. */
    List<String> update(String idOrName, Resources resources, RestartPolicy restartPolicy);

    /** Removes stopped containers matching {@code filters} ({@code until}, {@code label}, {@code label!}). */
    PruneReport prune(Filters filters);

    /**
     * Writes the container's log entries to {@code sink} as {@code options} select; with
     * {@code follow}, keeps writing until the container stops or the sink fails.
     */
    void logs(String idOrName, LogOptions options, LogSink sink) throws IOException;

    /** Changes the terminal size of a running TTY container; a container without a TTY ignores it. */
    void resize(String idOrName, int width, int height);

    /** Connects to the container's streams (see {@link StdioSessions}). */
    StdioSession attach(String idOrName, AttachOptions options);

    /** Reconciles stored containers with the runtime after a daemon start; applies restart policies. */
    void restore();

    /** The containers using an image (for image removal). */
    List<Container> usersOf(dev.berth.core.image.Digest imageId);

    /** {@code State.Health}: null when the container has no healthcheck or has not run with one. */
    default ContainerHealth health(String idOrName) { return null; }

    /** {@code ExecIDs}: the container's execs. */
    default List<String> execIds(String idOrName) { return List.of(); }

    /** The container's networks, addresses and published ports (inspect, ps, docker port). */
    default ContainerNetworkStatus networkStatus(String idOrName) { return ContainerNetworkStatus.NONE; }

    /** {@code GraphDriver.Data}: where the storage driver keeps the container's layers (overlay: LowerDir, UpperDir, WorkDir, MergedDir). */
    default java.util.Map<String, String> driverData(String idOrName) { return java.util.Map.of(); }

    record CreateRequest(String name, ContainerConfig config, HostConfig hostConfig) {}

    record CreateResult(String id, List<String> warnings) {}

    /**
     * @param limit    -1 for no limit ({@code docker ps -n})
     * @param all      include stopped containers (implied by a limit)
     */
    record ListOptions(boolean all, int limit, Filters filters) {}

    enum WaitCondition { NOT_RUNNING, NEXT_EXIT, REMOVED }

    /** @param error a message when waiting failed (e.g. the container was removed while waiting on next-exit), else null */
    record WaitResult(int statusCode, String error) {}

    record TopResult(List<String> titles, List<List<String>> processes) {}

    record PruneReport(List<String> deleted, long spaceReclaimed) {}

    /**
     * @param since, until only entries in [since, until]; null for unbounded
     * @param tail  the last N entries only; -1 for all
     */
    record LogOptions(boolean stdout, boolean stderr, boolean follow, Instant since, Instant until,
                      boolean timestamps, int tail) {}

    /** Where {@link #logs} writes; the route decides the framing (TTY raw, else multiplexed). */
    interface LogSink {
        void write(StdioSession.Stream stream, Instant time, byte[] data) throws IOException;

        /**
         * {@code buffer[off, off+len)}, plus a newline when {@code newline}; the buffer is reused
         * after the call. Sinks that can copy straight from it override this.
         */
        default void write(StdioSession.Stream stream, Instant time, byte[] buffer, int off, int len, boolean newline)
                throws IOException {
            byte[] data = java.util.Arrays.copyOfRange(buffer, off, off + len + (newline ? 1 : 0));
            if (newline) data[len] = '\n';
            write(stream, time, data);
        }

        /** Called whenever a batch was written, to push it to the client. */
        void flush() throws IOException;
    }

    record AttachOptions(boolean stdin, boolean stdout, boolean stderr, boolean stream, boolean logs) {}

    /** Helper for sinks that write to one stream. */
    static LogSink rawSink(OutputStream out) {
        return new LogSink() {
            @Override public void write(StdioSession.Stream stream, Instant time, byte[] data) throws IOException { out.write(data); }
            @Override public void flush() throws IOException { out.flush(); }
        };
    }
}
