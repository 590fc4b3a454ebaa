package dev.berth.runtime;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.berth.common.error.BerthException;
import dev.berth.common.io.AtomicFiles;
import dev.berth.core.container.StdioSession;
import dev.berth.core.runtime.ContainerProcessState;
import dev.berth.core.runtime.ExecHandle;
import dev.berth.core.runtime.RuntimeSpec;
import dev.berth.core.runtime.StdioOptions;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Exec'd processes for {@link RuncRuntime}: {@code runc exec} under its own conmon, with files in
 * {@code containers/<id>/exec/<execId>/}. conmon runs with {@code --full-attach}, so it binds the
 * attach socket in that directory (through /proc/self/fd, whatever the path length) and leaves no
 * link in the shared sockets directory; {@link #deleteAll} still removes links an older layout
 * left there.
 */
final class ConmonExec {
    private static final Logger LOG = LoggerFactory.getLogger(ConmonExec.class);
    private static final ObjectMapper JSON = new ObjectMapper();

    private final ContainerDirs dirs;
    private final Conmon conmon;
    private final Runc runc;
    private final ConmonAttach attach;
    private final List<String> runtimeArgs;
    private final Function<ContainerDirs.Process, ContainerProcessState.Stopped> stopped;
    private final Duration grace;

    ConmonExec(ContainerDirs dirs, Conmon conmon, Runc runc, List<String> runtimeArgs,
               Function<ContainerDirs.Process, ContainerProcessState.Stopped> stopped, Duration grace) {
        this.dirs = dirs;
        this.conmon = conmon;
        this.runc = runc;
        this.attach = new ConmonAttach(dirs.root());
        this.runtimeArgs = List.copyOf(runtimeArgs);
        this.stopped = stopped;
        this.grace = grace;
    }

    ContainerProcessState exec(String id, String execId, RuntimeSpec.Process process, StdioOptions stdio) {
        ContainerDirs.Process files = prepare(id, execId, process, stdio);
        int pid = conmon.launch(id, argv(id, execId, files, stdio), files);
        return ProcFs.alive(pid) ? new ContainerProcessState.Running(pid) : state(id, execId);
    }

    /**
     * conmon's {@code --exec-attach}: conmon listens, we connect, and only then does runc run the
     * process, so the session sees its first byte of output.
     */
    ExecHandle execAttached(String id, String execId, RuntimeSpec.Process process, StdioOptions stdio) {
        ContainerDirs.Process files = prepare(id, execId, process, stdio);
        StdioSession session = null;
        try (StartGate gate = conmon.launchGated(id, argv(id, execId, files, stdio), files)) {
            session = attach.attachExec(id, execId, stdio.tty(), stdio.openStdin());
            gate.open();
            int pid = conmon.awaitPid(id, files);
            ContainerProcessState state = ProcFs.alive(pid) ? new ContainerProcessState.Running(pid) : state(id, execId);
            return new ExecHandle(state, session);
        } catch (RuntimeException e) {
            if (session != null) session.close();
            throw e;
        }
    }

    ContainerProcessState state(String id, String execId) {
        ContainerDirs.Process files = dirs.execProcess(id, execId);
        if (!Files.isDirectory(files.dir())) throw new BerthException.NotFound("No such exec instance: " + execId);
        Optional<Integer> pid = ProcFs.readPid(files.pidFile());
        if (pid.isPresent() && ProcFs.alive(pid.get()) && !Files.exists(files.exitFile())) {
            return new ContainerProcessState.Running(pid.get());
        }
        return stopped.apply(files);
    }

    /** Stops the exec's conmon if still there and removes everything of the exec. */
    void delete(String id, String execId) {
        ContainerDirs.Process files = dirs.execProcess(id, execId);
        Conmon.stop(files, grace);
        removeLinksInto(files.dir());
        ContainerDirs.deleteTree(files.dir());
    }

    /** Every exec of a container, for its delete. */
    void deleteAll(String id) {
        for (Path dir : execDirs(id)) delete(id, dir.getFileName().toString());
        removeLinksInto(dirs.container(id));
    }

    private ContainerDirs.Process prepare(String id, String execId, RuntimeSpec.Process process, StdioOptions stdio) {
        JsonNode state = runc.state(id);
        if (!"running".equals(state.path("status").asText())) {
            throw new BerthException.Conflict("Container " + id + " is not running");
        }
        ContainerDirs.Process files = dirs.execProcess(id, execId);
        if (Files.exists(files.dir())) throw new BerthException.Conflict("exec " + execId + " already exists");
        RuncRuntime.checkTty(process, stdio);
        try {
            Files.createDirectories(files.dir());
            Files.createDirectories(stdio.logPath().toAbsolutePath().getParent());
        } catch (IOException e) {
            throw new BerthException.Internal("cannot prepare exec " + execId + ": " + e.getMessage(), e);
        }
        AtomicFiles.write(files.processSpec(), processJson(Path.of(state.path("bundle").asText()), process));
        return files;
    }

    /** An exec's stdin always ends with its client's (docker exec has no StdinOnce: it is always once). */
    private List<String> argv(String id, String execId, ContainerDirs.Process files, StdioOptions stdio) {
        List<String> a = new ArrayList<>(conmon.argv(id, execId, files.dir(), files, stdio.withStdinOnce(true), runtimeArgs,
            files.processSpec(), dirs.sockets()));
        a.add("--full-attach");
        return a;
    }

    /** The exec's process: the container's own (caps, rlimits, seccomp…) with the exec's overrides, as Docker does. */
    private static byte[] processJson(Path bundle, RuntimeSpec.Process p) {
        try {
            ObjectNode process = (ObjectNode) JSON.readTree(bundle.resolve("config.json").toFile()).path("process");
            ArrayNode args = process.putArray("args");
            p.args().forEach(args::add);
            process.set("env", mergedEnv(process.path("env"), p.env()));
            if (p.cwd() != null && !p.cwd().isEmpty()) process.put("cwd", p.cwd());
            process.put("terminal", p.terminal());
            ObjectNode user = process.putObject("user").put("uid", p.user().uid()).put("gid", p.user().gid());
            ArrayNode gids = user.putArray("additionalGids");
            p.user().additionalGids().forEach(gids::add);
            if (p.privileged()) {
                // docker exec --privileged: every capability; seccomp and masks stay the container's
                ObjectNode caps = process.putObject("capabilities");
                List<String> all = Capabilities.ofHost().all();
                for (String set : List.of("bounding", "effective", "permitted")) { // as dockerd: no inheritable or ambient
                    ArrayNode a = caps.putArray(set);
                    all.forEach(a::add);
                }
            }
            if (p.consoleSize() != null) {
                process.putObject("consoleSize").put("height", p.consoleSize().height()).put("width", p.consoleSize().width());
            }
            return JSON.writeValueAsBytes(process);
        } catch (IOException | ClassCastException e) {
            throw new BerthException.Internal("cannot read the container's config in " + bundle + ": " + e.getMessage(), e);
        }
    }

    /** The container's variables overridden key by key by the exec's (a duplicate key would leave getenv's pick to chance). */
    static ArrayNode mergedEnv(JsonNode containerEnv, List<String> execEnv) {
        java.util.Map<String, String> merged = new java.util.LinkedHashMap<>();
        for (JsonNode e : containerEnv) merged.put(key(e.asText()), e.asText());
        for (String e : execEnv) merged.put(key(e), e);
        ArrayNode out = JSON.createArrayNode();
        merged.values().forEach(out::add);
        return out;
    }

    private static String key(String entry) {
        int eq = entry.indexOf('=');
        return eq < 0 ? entry : entry.substring(0, eq);
    }

    private List<Path> execDirs(String id) {
        Path execRoot = dirs.container(id).resolve("exec");
        if (!Files.isDirectory(execRoot)) return List.of();
        try (Stream<Path> s = Files.list(execRoot)) {
            return s.toList();
        } catch (IOException e) {
            return List.of();
        }
    }

    /** conmon links sockets/&lt;uuid&gt; to the bundle and never removes the link; drop those pointing into {@code dir}. */
    private void removeLinksInto(Path dir) {
        if (!Files.isDirectory(dirs.sockets())) return;
        try (Stream<Path> links = Files.list(dirs.sockets())) {
            for (Path link : links.filter(Files::isSymbolicLink).toList()) {
                if (Files.readSymbolicLink(link).startsWith(dir)) Files.deleteIfExists(link);
            }
        } catch (IOException e) {
            LOG.debug("cannot clean attach links into {}: {}", dir, e.getMessage());
        }
    }
}
