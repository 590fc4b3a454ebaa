package dev.berth.runtime;

import dev.berth.common.error.BerthException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The runtime's on-disk layout under its state root. Everything needed to find a container again
 * after a daemon restart lives here, so {@link RuncRuntime} keeps no state in memory.
 *
 * <pre>
 * root/runc/                      runc --root: runc's own state (never the host's /run/runc)
 * root/sockets/&lt;id&gt; → bundle     conmon's attach-socket symlinks (short paths: sun_path is 108 bytes)
 * root/containers/&lt;id&gt;/
 *     conmon.pid  pid of the supervising conmon
 *     init.pid    pid of the container's init (runc --pid-file)
 *     sync        conmon's sync messages, one JSON object per line
 *     exits/&lt;id&gt;  exit status, written by conmon (--exit-dir) when init exits
 *     exit, oom   conmon's persist-dir (-0) copies of the exit status and the OOM marker
 *     exec/&lt;execId&gt;/  the same files for each exec, plus process.json, and for attached execs
 *                       attach-ready (conmon's _OCI_ATTACHPIPE messages) and start (FIFO, _OCI_STARTPIPE)
 * </pre>
 */
record ContainerDirs(Path root) {
    private static final Pattern ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_.-]{0,127}");

    static String checkId(String id) {
        if (id == null || !ID.matcher(id).matches()) throw new BerthException.InvalidArgument("invalid container id: " + id);
        return id;
    }

    Path runcRoot() { return root.resolve("runc"); }

    Path sockets() { return root.resolve("sockets"); }

    Path container(String id) { return root.resolve("containers").resolve(checkId(id)); }

    Path exec(String id, String execId) { return container(id).resolve("exec").resolve(checkId(execId)); }

    /** Files of one supervised process (a container's init or an exec). */
    record Process(Path dir, String exitName) {
        Path conmonPid() { return dir.resolve("conmon.pid"); }
        Path pidFile() { return dir.resolve("init.pid"); }
        Path sync() { return dir.resolve("sync"); }
        Path exitDir() { return dir.resolve("exits"); }
        Path exitFile() { return exitDir().resolve(exitName); }
        Path oomFile() { return dir.resolve("oom"); }
        Path processSpec() { return dir.resolve("process.json"); }
        Path attachReady() { return dir.resolve("attach-ready"); }
        Path startFifo() { return dir.resolve("start"); }
    }

    Process init(String id) { return new Process(container(id), id); }

    Process execProcess(String id, String execId) { return new Process(exec(id, execId), id); }

    static void deleteTree(Path dir) {
        if (!Files.exists(dir)) return;
        try (Stream<Path> walk = Files.walk(dir)) {
            for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) Files.deleteIfExists(p);
        } catch (IOException e) {
            throw new BerthException.Internal("cannot remove " + dir + ": " + e.getMessage(), e);
        }
    }
}
