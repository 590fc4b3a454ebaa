package dev.berth.core.container;

import dev.berth.common.error.BerthException;
import dev.berth.core.runtime.ContainerProcessState;
import dev.berth.core.runtime.ContainerStartException;
import dev.berth.core.runtime.ExecHandle;
import dev.berth.core.runtime.RuntimeSpec;
import dev.berth.core.runtime.StdioOptions;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@link ExecService} over the container service's {@link ContainerContext}: the runtime runs
 * the process (under its own supervisor), the exit monitor reports its end, and the records stay
 * in memory (as in dockerd, execs do not survive a daemon restart). Runtime files of an exec
 * are deleted as soon as its exit code is recorded.
 */
final class LocalExecService implements ExecService, AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(LocalExecService.class);
    /** How long the runtime may take to write an exec's exit code after its output ended. */
    private static final Duration EXIT_WAIT = Duration.ofSeconds(5);

    private final ContainerContext ctx;
    private final Map<String, Exec> execs = new ConcurrentHashMap<>();
    /** Attached sessions by exec ID: resize goes through the session that owns the terminal. */
    private final Map<String, StdioSession> sessions = new ConcurrentHashMap<>();

    private final dev.berth.core.event.EventBus.Subscription subscription;

    /** Follows the container's {@code die} and {@code destroy} events, so the lifecycle code need not know about execs. */
    LocalExecService(ContainerContext ctx) {
        this.ctx = ctx;
        ctx.monitor.onExecExit((containerId, execId) -> refresh(execId));
        this.subscription = ctx.events.subscribe(Long.MAX_VALUE, e -> {
            if (!e.type().equals("container")) return;
            if (e.action().equals("die")) Thread.ofVirtual().start(() -> containerStopped(e.actorId()));
            else if (e.action().equals("destroy")) containerRemoved(e.actorId());
        });
    }

    @Override
    public void close() { subscription.close(); }

    @Override
    public String create(String idOrName, ExecConfig config) {
        Container c = ctx.index.resolve(idOrName);
        checkRunning(c);
        if (config.cmd().isEmpty()) throw new BerthException.InvalidArgument("No exec command specified");
        String id = ContainerNames.newId();
        execs.put(id, new Exec(id, c.id(), config, false, false, null, 0));
        ctx.publish(c, "exec_create: " + commandText(config.cmd()), Map.of("execID", id));
        return id;
    }

    private static void checkRunning(Container c) {
        if (c.state() instanceof ContainerState.Paused) {
            throw new BerthException.Conflict("Container " + c.id() + " is paused, unpause the container before exec");
        }
        if (!(c.state() instanceof ContainerState.Running)) {
            throw new BerthException.Conflict("Container " + c.id() + " is not running");
        }
    }

    @Override
    public void startDetached(String execId, RuntimeSpec.ConsoleSize consoleSize) {
        Exec e = claim(execId);
        Container c = ctx.index.resolve(e.containerId());
        try {
            ContainerProcessState st = ctx.runtime.exec(c.id(), execId, process(c, e.config(), consoleSize), stdio(c, e, false));
            started(c, e, st);
        } catch (BerthException ex) {
            throw startFailed(e, ex);
        }
    }

    @Override
    public StdioSession startAttached(String execId, RuntimeSpec.ConsoleSize consoleSize) {
        Exec e = claim(execId);
        Container c = ctx.index.resolve(e.containerId());
        ExecHandle handle;
        try {
            handle = ctx.runtime.execAttached(c.id(), execId, process(c, e.config(), consoleSize),
                stdio(c, e, e.config().attachStdin()));
        } catch (BerthException ex) {
            throw startFailed(e, ex);
        }
        started(c, e, handle.state());
        RecordingSession session = new RecordingSession(handle.session(), execId);
        sessions.put(execId, session);
        return session;
    }

    /** Marks the exec started; a second start is dockerd's conflict. */
    private Exec claim(String execId) {
        Exec[] claimed = new Exec[1];
        execs.compute(execId, (k, cur) -> {
            if (cur == null) throw new BerthException.NotFound("No such exec instance: " + execId);
            if (cur.running()) throw new BerthException.Conflict("Error: Exec command " + execId + " is already running");
            if (cur.started()) throw new BerthException.Conflict("Error: Exec command " + execId + " has already run");
            claimed[0] = new Exec(cur.id(), cur.containerId(), cur.config(), true, false, null, 0);
            return claimed[0];
        });
        Container c = ctx.index.resolve(claimed[0].containerId());
        checkRunning(c);
        return claimed[0];
    }

    private void started(Container c, Exec e, ContainerProcessState st) {
        ctx.publish(c, "exec_start: " + commandText(e.config().cmd()), Map.of("execID", e.id()));
        if (st instanceof ContainerProcessState.Stopped) {
            refresh(e.id());
            return;
        }
        execs.computeIfPresent(e.id(), (k, cur) -> cur.exitCode() == null ? cur.running(st.pid()) : cur);
        ctx.monitor.watchExec(c.id(), e.id(), st.pid());
    }

    /** A start failure is the exec's end: 126/127 as the runtime classified it, as dockerd records it. */
    private BerthException startFailed(Exec e, BerthException ex) {
        int code = ContainerStartException.exitCodeOf(ex);
        finish(e.id(), code < 0 ? 126 : code);
        if (code < 0) return ex;
        // the runtime words it for a container ("failed to create container <id>: …"); dockerd's words for an exec
        String msg = ex.getMessage() == null ? "" : ex.getMessage();
        String prefix = "failed to create container " + e.containerId() + ": ";
        if (msg.startsWith(prefix)) msg = msg.substring(prefix.length());
        return new BerthException.InvalidArgument("OCI runtime exec failed: " + msg + ": unknown", ex);
    }

    @Override
    public Exec inspect(String execId) {
        Exec e = execs.get(execId);
        if (e == null) throw new BerthException.NotFound("No such exec instance: " + execId);
        return e;
    }

    @Override
    public void resize(String execId, int width, int height) {
        Exec e = inspect(execId);
        StdioSession session = sessions.get(execId);
        if (e.config().tty() && e.running() && session != null) session.resize(width, height);
    }

    @Override
    public List<String> idsOf(String containerId) {
        return execs.values().stream().filter(e -> e.containerId().equals(containerId)).map(Exec::id).sorted().toList();
    }

    /** The container is gone: forget its execs (the runtime deleted their files with the container). */
    void containerRemoved(String containerId) {
        for (Exec e : List.copyOf(execs.values())) {
            if (!e.containerId().equals(containerId)) continue;
            forget(e.id());
            ctx.monitor.unwatchExec(containerId, e.id());
            try {
                ctx.runtime.deleteExec(containerId, e.id());
            } catch (BerthException ex) {
                LOG.debug("exec {} of removed container {}: {}", e.id(), containerId, ex.getMessage());
            }
        }
    }

    /** The container stopped: its execs ended with it (their runtime records went with the container's). */
    void containerStopped(String containerId) {
        for (Exec e : List.copyOf(execs.values())) {
            if (e.containerId().equals(containerId) && e.running()) refresh(e.id());
        }
    }

    /** Asks the runtime whether the exec has ended and records its exit if so. */
    void refresh(String execId) {
        Exec e = execs.get(execId);
        if (e == null || e.exitCode() != null) return;
        ContainerProcessState st;
        try {
            st = ctx.runtime.execState(e.containerId(), execId);
        } catch (BerthException.NotFound gone) {
            st = new ContainerProcessState.Stopped(137, null, false); // deleted with its container: killed
        }
        if (st instanceof ContainerProcessState.Stopped s) {
            finish(execId, s.exitCode() == ContainerProcessState.UNKNOWN_EXIT ? 137 : s.exitCode());
        } else {
            ctx.monitor.watchExec(e.containerId(), execId, st.pid());
        }
    }

    /** Records the exit once, publishes {@code exec_die} and drops the runtime's files. */
    private void finish(String execId, int code) {
        Exec[] before = new Exec[1];
        execs.computeIfPresent(execId, (k, cur) -> {
            if (cur.exitCode() != null) return cur;
            before[0] = cur;
            return cur.exited(code);
        });
        if (before[0] == null) return;
        Exec e = before[0];
        ctx.monitor.unwatchExec(e.containerId(), execId);
        Container c = ctx.index.get(e.containerId());
        if (c != null) ctx.publish(c, "exec_die", Map.of("execID", execId, "exitCode", Integer.toString(code)));
        try {
            ctx.runtime.deleteExec(e.containerId(), execId);
        } catch (BerthException ex) {
            LOG.debug("cannot delete exec {} of {}: {}", execId, e.containerId(), ex.getMessage());
        }
        if (c != null) {
            try {
                Files.deleteIfExists(logPath(c, execId));
            } catch (IOException ex) {
                LOG.debug("cannot delete the log of exec {}: {}", execId, ex.getMessage());
            }
        }
    }

    /** Drops a finished exec's record (health probes, which Docker does not list). */
    void forget(String execId) {
        execs.remove(execId);
        sessions.remove(execId);
    }

    /** Waits (bounded) for the runtime to report the exec's exit after its output ended. */
    private void awaitExit(String execId) {
        long deadline = System.nanoTime() + EXIT_WAIT.toNanos();
        while (System.nanoTime() < deadline) {
            refresh(execId);
            Exec e = execs.get(execId);
            if (e == null || e.exitCode() != null) return;
            try {
                Thread.sleep(20);
            } catch (InterruptedException ie) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    /** The exec's process: the container's own settings with the exec's overrides (the runtime merges env). */
    private static RuntimeSpec.Process process(Container c, ExecConfig config, RuntimeSpec.ConsoleSize consoleSize) {
        String user = config.user() == null || config.user().isEmpty() ? c.config().user() : config.user();
        Path root = Path.of("/proc", Integer.toString(c.state().pid()), "root");
        String cwd = config.workingDir() == null || config.workingDir().isEmpty() ? null : config.workingDir();
        return RuntimeSpec.Process.of(config.cmd()).withEnv(config.env()).withCwd(cwd)
            .withUser(ContainerUsers.resolve(root, user)).withTerminal(config.tty())
            .withConsoleSize(config.tty() ? (consoleSize != null ? consoleSize : config.consoleSize()) : null)
            .withPrivileged(config.privileged());
    }

    private static StdioOptions stdio(Container c, Exec e, boolean stdin) {
        return new StdioOptions(logPath(c, e.id()), stdin, e.config().tty(), 0);
    }

    /** The supervisor writes an exec's output to a log too; it is deleted once the exec ended. */
    private static Path logPath(Container c, String execId) {
        return c.logPath().getParent().resolve("exec").resolve(execId + ".log");
    }

    /** Runs a probe to its end, collecting up to {@code limit} bytes of output; the exit code null on timeout. */
    ProbeResult probe(String containerId, List<String> argv, Duration timeout, int limit) {
        String id = create(containerId, ExecConfig.probe(argv));
        try {
            StdioSession session = startAttached(id, null);
            var out = new java.io.ByteArrayOutputStream();
            var timedOut = new java.util.concurrent.atomic.AtomicBoolean();
            Thread watchdog = Thread.ofVirtual().start(() -> {
                try {
                    Thread.sleep(timeout);
                    timedOut.set(true);
                    session.close();
                } catch (InterruptedException done) {
                    // the probe ended in time
                }
            });
            try (session) {
                for (StdioSession.Chunk ch = session.read(); ch != null; ch = session.read()) {
                    if (out.size() < limit) out.write(ch.data(), 0, Math.min(ch.data().length, limit - out.size()));
                }
            } catch (InterruptedException ie) {
                Thread.currentThread().interrupt();
            } finally {
                watchdog.interrupt();
            }
            Exec e = execs.get(id);
            Integer code = timedOut.get() || e == null ? null : e.exitCode();
            return new ProbeResult(code, out.toString(java.nio.charset.StandardCharsets.UTF_8));
        } catch (BerthException ex) {
            Exec e = execs.get(id);
            return new ProbeResult(e == null ? null : e.exitCode(), ex.getMessage());
        } finally {
            Exec e = execs.get(id);
            if (e != null && e.exitCode() == null) finish(id, -1); // timed out: deleting the exec stops it
            forget(id);
        }
    }

    record ProbeResult(Integer exitCode, String output) {}

    /** Records the exit before reporting the end of output, so the client's next inspect sees it. */
    private final class RecordingSession implements StdioSession {
        private final StdioSession delegate;
        private final String execId;
        private volatile boolean closed;

        RecordingSession(StdioSession delegate, String execId) {
            this.delegate = delegate;
            this.execId = execId;
        }

        @Override
        public Chunk read() throws InterruptedException {
            Chunk c = delegate.read();
            if (c == null && !closed) awaitExit(execId); // closed by us: a detach, not an end
            return c;
        }

        @Override public OutputStream stdin() { return delegate.stdin(); }

        @Override public void resize(int width, int height) { delegate.resize(width, height); }

        @Override
        public void close() {
            closed = true;
            delegate.close();
            sessions.remove(execId, this);
        }
    }

    /** dockerd's action text: the entrypoint, a space, the arguments (so {@code exec_create: true } ends in a space). */
    static String commandText(List<String> cmd) {
        return cmd.isEmpty() ? " " : cmd.getFirst() + " " + String.join(" ", cmd.subList(1, cmd.size()));
    }
}
