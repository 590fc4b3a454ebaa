package dev.berth.runtime;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.berth.common.error.BerthException;
import dev.berth.common.io.AtomicFiles;
import dev.berth.common.process.CommandRunner;
import dev.berth.core.runtime.ContainerProcessState;
import dev.berth.core.runtime.ExecHandle;
import dev.berth.core.runtime.OciRuntime;
import dev.berth.core.runtime.ProcessExit;
import dev.berth.core.runtime.Resources;
import dev.berth.core.runtime.RuntimeContainer;
import dev.berth.core.runtime.RuntimeSpec;
import dev.berth.core.runtime.StdioOptions;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@link OciRuntime} over runc (or crun: same CLI) supervised by conmon. All state is on disk
 * ({@link ContainerDirs} and runc's own {@code --root}), so a fresh instance after a daemon restart
 * sees every container that is still running, and the exit codes of those that stopped meanwhile.
 *
 * <p>Logs: conmon writes the CRI "k8s-file" format, one line per chunk:
 * {@code 2024-01-02T03:04:05.123456789+00:00 stdout F text} where the stream is {@code stdout} or
 * {@code stderr} and the tag is {@code F} (line complete) or {@code P} (partial: a long line or
 * output without newline continues in the next entry). {@link K8sFileLog} reads it back, which is
 * what `docker logs` needs: stream separation, timestamps, and no daemon in the write path.
 */
public final class RuncRuntime implements OciRuntime {
    private static final Logger LOG = LoggerFactory.getLogger(RuncRuntime.class);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration EXIT_FILE_WAIT = Duration.ofSeconds(2);
    private static final Duration EXIT_RESCAN = Duration.ofSeconds(5);

    /**
     * @param name          {@code runc} or {@code crun}
     * @param runtimeBinary e.g. /usr/sbin/runc
     * @param conmonBinary  e.g. /usr/bin/conmon
     * @param stateRoot     private directory for runc's state and conmon's files (e.g. /run/berth/runtime)
     * @param exitCommand   program (and leading args) conmon runs when a container exits, the id appended; empty for none
     * @param timeout       upper bound for each runtime command
     */
    public record Config(String name, Path runtimeBinary, Path conmonBinary, Path stateRoot, List<String> exitCommand,
                         Duration timeout) {
        public static Config runc(Path stateRoot) {
            return new Config("runc", Path.of("/usr/sbin/runc"), Path.of("/usr/bin/conmon"), stateRoot, List.of(), Duration.ofSeconds(30));
        }
    }

    private final Config config;
    private final ContainerDirs dirs;
    private final Runc runc;
    private final Conmon conmon;
    private final OciSpecWriter writer;
    private final CgroupLayout cgroups;
    private final ConmonExec execs;
    private final CommandRunner commands;

    public RuncRuntime(Config config, CommandRunner commands, OciSpecWriter writer, CgroupLayout cgroups) {
        this.config = config;
        this.commands = commands;
        this.dirs = new ContainerDirs(config.stateRoot());
        this.runc = new Runc(commands, config.runtimeBinary(), dirs.runcRoot(), config.timeout());
        this.conmon = new Conmon(commands, config.conmonBinary(), config.runtimeBinary(), config.exitCommand(), config.timeout());
        this.writer = writer;
        this.cgroups = cgroups;
        this.execs = new ConmonExec(dirs, conmon, runc, runtimeArgs(), this::stopped, EXIT_FILE_WAIT);
    }

    @Override public String name() { return config.name(); }

    @Override
    public ContainerProcessState create(String id, Path bundle, RuntimeSpec spec, StdioOptions stdio) {
        ContainerDirs.checkId(id);
        ContainerDirs.Process files = dirs.init(id);
        if (Files.exists(files.dir())) throw new BerthException.Conflict("container " + id + " already exists in the runtime");
        checkTty(spec.process(), stdio);
        byte[] configJson = writer.write(id, spec).bytes();
        try {
            Files.createDirectories(bundle);
            Files.createDirectories(dirs.sockets());
            Files.createDirectories(files.dir());
            Files.createDirectories(stdio.logPath().toAbsolutePath().getParent());
        } catch (IOException e) {
            throw new BerthException.Internal("cannot prepare bundle " + bundle + ": " + e.getMessage(), e);
        }
        AtomicFiles.replace(bundle.resolve("config.json"), configJson); // generated anew for every create
        List<String> argv = conmon.argv(id, id, bundle, files, stdio, runtimeArgs(), null, dirs.sockets());
        try {
            int pid = conmon.launch(id, argv, files);
            LOG.debug("created container {} with init pid {}", id, pid);
            return new ContainerProcessState.Created(pid);
        } catch (RuntimeException e) {
            cleanupFailedCreate(id, files);
            throw e;
        }
    }

    @Override
    public void start(String id) {
        ContainerDirs.checkId(id);
        // runc's protocol only: crun's init reads its exec.fifo instead of writing it
        boolean runcFifo = config.name().equals("runc");
        if (runcFifo && ExecFifo.release(dirs.runcRoot().resolve(id).resolve("exec.fifo"), dirs.init(id).pidFile(), config.timeout())) return;
        runc.run(id, null, "start", id);
    }

    /**
     * conmon writes the exit file only after it reaped the init process, so once it is there the
     * answer is known without asking runc (a ~10 ms exec on the path of every exit).
     */
    @Override
    public ContainerProcessState state(String id) {
        ContainerDirs.checkId(id);
        ContainerDirs.Process files = dirs.init(id);
        if (Files.exists(files.exitFile())) {
            Optional<Path> bundle = bundleOf(id);
            if (bundle.isPresent()) return stoppedNoting(files, bundle.get());
        }
        return toState(runc.state(id));
    }

    @Override
    public void kill(String id, int signal) {
        runc.run(id, null, "kill", id, Integer.toString(signal));
    }

    @Override
    public void pause(String id) { runc.run(id, null, "pause", id); }

    @Override
    public void resume(String id) { runc.run(id, null, "resume", id); }

    @Override
    public void delete(String id, boolean force) {
        ContainerDirs.Process files = dirs.init(id);
        // runc keeps a container's state in <root>/<id>: without it there is nothing for runc to
        // delete, and no need to exec it to hear so (every start and removal asks first)
        boolean knownToRunc = Files.exists(dirs.runcRoot().resolve(id));
        if (!knownToRunc && !Files.exists(files.dir())) throw new BerthException.NotFound("No such container: " + id);
        if (knownToRunc && !forgotStopped(id, files)) {
            try {
                if (force) runc.run(id, null, "delete", "--force", id);
                else runc.run(id, null, "delete", id);
            } catch (BerthException.NotFound e) {
                if (!Files.exists(files.dir())) throw e;
                // runc forgot it (create failed half-way, or a delete crashed): finish the cleanup
            }
        }
        Conmon.stop(files, EXIT_FILE_WAIT);
        execs.deleteAll(id);
        ContainerDirs.deleteTree(files.dir());
        try {
            Files.deleteIfExists(dirs.sockets().resolve(id));
        } catch (IOException e) {
            LOG.debug("cannot remove attach link of {}: {}", id, e.getMessage());
        }
    }

    @Override
    public ContainerProcessState exec(String id, String execId, RuntimeSpec.Process process, StdioOptions stdio) {
        return execs.exec(id, execId, process, stdio);
    }

    @Override
    public ExecHandle execAttached(String id, String execId, RuntimeSpec.Process process, StdioOptions stdio) {
        return execs.execAttached(id, execId, process, stdio);
    }

    @Override
    public ContainerProcessState execState(String id, String execId) {
        return execs.state(id, execId);
    }

    @Override
    public void deleteExec(String id, String execId) {
        ContainerDirs.checkId(execId);
        execs.delete(id, execId);
    }

    /** See {@link ExitWatcher}: an inotify watch over the state root plus a periodic rescan. */
    @Override
    public Subscription watchExits(Consumer<ProcessExit> listener) {
        return ExitWatcher.start(dirs, listener, EXIT_RESCAN);
    }

    @Override
    public List<String> resourceWarnings(Resources resources) {
        return writer.resourceWarnings(resources);
    }

    @Override
    public void update(String id, Resources resources) {
        OciSpecWriter.OciConfig res = writer.updateResources(resources);
        res.warnings().forEach(w -> LOG.info("update {}: {}", id, w));
        runc.run(id, res.bytes(), "update", "--resources", "-", id);
    }

    /** Through conmon's ctl FIFO, next to its attach socket. */
    @Override
    public void reopenLog(String id) {
        Conmon.reopenLog(dirs.sockets().resolve(ContainerDirs.checkId(id)).resolve("ctl"));
    }

    @Override
    public List<RuntimeContainer> list() {
        List<RuntimeContainer> out = new ArrayList<>();
        for (JsonNode c : runc.list()) {
            out.add(new RuntimeContainer(c.path("id").asText(), toState(c)));
        }
        return out;
    }

    /** The cgroups path runc uses for a container, from its own config. */
    public String cgroupsPath(String id) {
        // conmon's attach-socket link names the bundle without a runc exec (docker stats asks every second)
        Path bundle = bundleOf(id).orElseGet(() -> Path.of(runc.state(id).path("bundle").asText()));
        String path = cgroupsPathIn(bundle);
        if (path.isEmpty()) throw new BerthException.Internal("cannot read the cgroups path of " + id + " from " + bundle);
        return path;
    }

    public CgroupLayout cgroups() { return cgroups; }

    /** The runtime's commit, from the {@code commit:} line of its {@code --version} ({@code docker info}'s RuncCommit); "" if it names none. */
    public String runtimeCommit() {
        return versionField(commands.run(List.of(config.runtimeBinary().toString(), "--version"), config.timeout()), "commit:");
    }

    /** The init binary's version, from {@code tini version 0.19.0} ({@code docker info}'s InitCommit); "" if it has none. */
    public String initVersion() {
        return versionField(commands.run(List.of(OciSpecWriter.initBinary().toString(), "--version"), config.timeout()),
            "tini version");
    }

    /** The first word after {@code prefix} on the line that starts with it. */
    static String versionField(CommandRunner.Result r, String prefix) {
        if (!r.ok()) return "";
        for (String line : r.stdout().lines().toList()) {
            String l = line.strip();
            if (l.startsWith(prefix)) {
                String[] rest = l.substring(prefix.length()).strip().split("\\s+");
                return rest[0];
            }
        }
        return "";
    }

    /** The pid of the conmon supervising {@code id}, if it is still alive. */
    public Optional<Integer> conmonPid(String id) {
        return ProcFs.readPid(dirs.init(id).conmonPid()).filter(ProcFs::alive);
    }

    /** conmon -t makes runc hand it a pty master; runc only does so when the spec asks for a terminal. */
    static void checkTty(RuntimeSpec.Process process, StdioOptions stdio) {
        if (process.terminal() != stdio.tty()) {
            throw new BerthException.InvalidArgument("process.terminal (" + process.terminal() + ") and stdio tty ("
                + stdio.tty() + ") must agree");
        }
    }

    private List<String> runtimeArgs() {
        List<String> a = new ArrayList<>(runc.globalArgs());
        a.add("--log-format=json");
        return a;
    }

    /** From runc's state (or list entry) of a container. */
    private ContainerProcessState toState(JsonNode s) {
        int pid = s.path("pid").asInt();
        return switch (s.path("status").asText()) {
            case "created", "creating" -> new ContainerProcessState.Created(pid);
            case "running" -> new ContainerProcessState.Running(pid);
            case "paused", "pausing" -> new ContainerProcessState.Paused(pid);
            default -> stoppedNoting(dirs.init(s.path("id").asText()), Path.of(s.path("bundle").asText()));
        };
    }

    /** The exit as conmon recorded it, with an OOM kill it may have missed (see {@link #oomInCgroup}). */
    private ContainerProcessState.Stopped stoppedNoting(ContainerDirs.Process files, Path bundle) {
        ContainerProcessState.Stopped stopped = stopped(files);
        return stopped.oomKilled() || !oomInCgroup(bundle, files) ? stopped
            : new ContainerProcessState.Stopped(stopped.exitCode(), stopped.finishedAt(), true);
    }

    /**
     * What {@code runc delete} does for a container whose init has exited and whose cgroups hold
     * no process: remove the cgroups and runc's state directory. Done here because the exec costs
     * ~10 ms on the path of every {@code docker run --rm}. Anything else (no exit file yet, a
     * process left in the cgroup as with {@code --pid host}, a sub-cgroup) is left to runc, which
     * also kills what is left.
     */
    private boolean forgotStopped(String id, ContainerDirs.Process files) {
        if (!Files.exists(files.exitFile())) return false;
        Optional<Path> bundle = bundleOf(id);
        String cgroupsPath = bundle.map(RuncRuntime::cgroupsPathIn).orElse("");
        if (cgroupsPath.isEmpty()) return false;
        try {
            cgroups.removeEmpty(cgroupsPath);
        } catch (BerthException e) {
            return false;
        }
        ContainerDirs.deleteTree(dirs.runcRoot().resolve(id));
        return true;
    }

    /** linux.cgroupsPath of the bundle's config, "" when unreadable. */
    private static String cgroupsPathIn(Path bundle) {
        try {
            return JSON.readTree(bundle.resolve("config.json").toFile()).path("linux").path("cgroupsPath").asText("");
        } catch (IOException e) {
            return "";
        }
    }

    /** The bundle from conmon's attach-socket link (absent for a container whose conmon never got that far). */
    private Optional<Path> bundleOf(String id) {
        try {
            return Optional.of(Files.readSymbolicLink(dirs.sockets().resolve(id)));
        } catch (IOException | UnsupportedOperationException e) {
            return Optional.empty();
        }
    }

    /**
     * conmon marks OOM kills from an eventfd (v1) or inotify (v2) callback that can lose the race
     * with the process's exit; the cgroup's own counter is the backstop while the stopped
     * container's cgroup still exists (until delete). A hit is written down as conmon would have.
     */
    private boolean oomInCgroup(Path bundle, ContainerDirs.Process files) {
        String cgroupsPath = cgroupsPathIn(bundle);
        if (cgroupsPath.isEmpty() || cgroups.oomKills(cgroupsPath) == 0) return false;
        try {
            if (Files.isDirectory(files.dir())) Files.write(files.oomFile(), new byte[0]);
        } catch (IOException e) {
            LOG.debug("cannot record the OOM kill of {}: {}", files.dir(), e.getMessage());
        }
        return true;
    }

    /** runc says stopped a moment before conmon has drained the logs and written the exit file. */
    private ContainerProcessState.Stopped stopped(ContainerDirs.Process files) {
        long deadline = System.nanoTime() + EXIT_FILE_WAIT.toNanos();
        while (!Files.exists(files.exitFile()) && System.nanoTime() < deadline
               && ProcFs.readPid(files.conmonPid()).map(ProcFs::alive).orElse(false)) {
            try {
                Thread.sleep(Conmon.POLL);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        boolean oom = Files.exists(files.oomFile());
        try {
            int code = Integer.parseInt(Files.readString(files.exitFile()).strip());
            return new ContainerProcessState.Stopped(code, Files.getLastModifiedTime(files.exitFile()).toInstant(), oom);
        } catch (IOException | NumberFormatException e) {
            return new ContainerProcessState.Stopped(ContainerProcessState.UNKNOWN_EXIT, (Instant) null, oom);
        }
    }

    private void cleanupFailedCreate(String id, ContainerDirs.Process files) {
        try {
            runc.run(id, null, "delete", "--force", id);
        } catch (BerthException e) {
            LOG.debug("nothing to delete in runc for failed create of {}: {}", id, e.getMessage());
        }
        Conmon.stop(files, EXIT_FILE_WAIT);
        ContainerDirs.deleteTree(files.dir());
    }
}
