package dev.berth.core.container;

import dev.berth.core.runtime.RuntimeSpec;
import java.util.List;

/**
 * Use cases behind {@code docker exec}: run an extra process in a running container, attached to
 * the client's streams or detached, and report how it ended.
 *
 * <p><b>Lifecycle.</b> {@link #create} registers an exec (nothing runs yet); one {@code start}
 * runs it; its exit is recorded whether or not a client is still attached ({@code exec_die}
 * event). Records live until their container is removed.
 *
 * <p><b>Threading.</b> Every method may be called concurrently from virtual threads and may block.
 *
 * <p><b>Errors.</b> Unknown container → {@code NotFound("No such container: x")}; unknown exec →
 * {@code NotFound("No such exec instance: x")}; a container that is not running (or is paused), or
 * an exec started twice → {@code Conflict}; an empty command → {@code InvalidArgument}; a process
 * that cannot start → {@code InvalidArgument} with a
 * {@link dev.berth.core.runtime.ContainerStartException} cause (its 126/127 is then the exec's exit code).
 */
public interface ExecService {

    /** Registers an exec in the running container {@code idOrName}; returns its ID. */
    String create(String idOrName, ExecConfig config);

    /** Starts the exec without a client ({@code docker exec -d}). */
    void startDetached(String execId, RuntimeSpec.ConsoleSize consoleSize);

    /**
     * Starts the exec with a session that sees all of its output. Once the session's output has
     * ended (read returned null) the exit code is recorded, so a client that inspects the exec
     * right after the end of its stream sees it. The caller closes the session.
     */
    StdioSession startAttached(String execId, RuntimeSpec.ConsoleSize consoleSize);

    Exec inspect(String execId);

    /** Changes the terminal size of a running TTY exec; ignored without a TTY. */
    void resize(String execId, int width, int height);

    /** The IDs of a container's execs, as {@code ExecIDs} in container inspect. */
    List<String> idsOf(String containerId);

    /**
     * What {@code docker exec} asked for.
     *
     * @param user        {@code user[:group]}; empty: the container's user
     * @param workingDir  empty: the container's working directory
     * @param consoleSize the client's terminal size with a TTY, null if unknown
     */
    record ExecConfig(List<String> cmd, List<String> env, String workingDir, String user, boolean privileged, boolean tty,
                      boolean attachStdin, boolean attachStdout, boolean attachStderr, String detachKeys,
                      RuntimeSpec.ConsoleSize consoleSize) {
        public ExecConfig {
            cmd = cmd == null ? List.of() : List.copyOf(cmd);
            env = env == null ? List.of() : List.copyOf(env);
        }

        static ExecConfig probe(List<String> argv) {
            return new ExecConfig(argv, List.of(), null, null, false, false, false, true, true, null, null);
        }
    }

    /**
     * One exec as the engine knows it.
     *
     * @param exitCode null until it has ended
     * @param pid      the process id while it runs, else 0
     */
    record Exec(String id, String containerId, ExecConfig config, boolean started, boolean running, Integer exitCode, int pid) {
        Exec running(int p) { return new Exec(id, containerId, config, true, true, null, p); }

        Exec exited(int code) { return new Exec(id, containerId, config, true, false, code, 0); }
    }
}
