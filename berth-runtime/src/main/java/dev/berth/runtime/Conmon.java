package dev.berth.runtime;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.berth.common.error.BerthException;
import dev.berth.common.process.CommandRunner;
import dev.berth.core.runtime.ContainerStartException;
import dev.berth.core.runtime.StdioOptions;
import dev.berth.sys.ErrnoException;
import dev.berth.sys.Fifo;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Starts conmon, which runs {@code runc create} (or {@code runc exec -d}) and then stays behind as
 * the container's parent and subreaper: it copies stdout/stderr into the log file, serves the attach
 * socket and writes the exit status. conmon double-forks and calls setsid, so it is not our child
 * and lives on when the daemon dies.
 *
 * <p>conmon reports the container pid, or runc's error text, as JSON lines on the file descriptor
 * named by {@code _OCI_SYNCPIPE}. A JVM cannot hand a child an extra descriptor, so a tiny
 * {@code /bin/sh} wrapper opens fd 3 on a per-container file (in append mode) and execs conmon;
 * we poll that file. A file rather than a FIFO because nobody has to be reading it: the message
 * is still there after a daemon restart and nothing can block on an open.
 *
 * <p>Attached execs ({@code --exec-attach}, see {@link #launchGated}) need two more descriptors:
 * conmon reports on {@code _OCI_ATTACHPIPE} once its attach socket listens (fd 4, another append
 * file we poll, for the same reasons as the sync file), and waits on {@code _OCI_STARTPIPE} before
 * running the process (fd 5). The start pipe must block a reader until we write, which a regular
 * file cannot do (a read at its end returns 0 at once), so it is a FIFO: we hold it open
 * read-write (an O_RDWR open of a FIFO never blocks), then the wrapper opens it read-only. Being
 * the only writer also means that if the daemon dies before writing, conmon reads EOF and runs the
 * process anyway, unattached, instead of waiting forever, which is podman's behaviour too.
 */
final class Conmon {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String WRAPPER = "cd \"$1\" && exec 3>>\"$2\" && shift 2 && exec \"$@\"";
    private static final String GATED_WRAPPER =
        "cd \"$1\" && exec 3>>\"$2\" 4>>\"$3\" 5<\"$4\" && shift 4 && exec \"$@\"";
    /** Short: a container's start waits on these polls (conmon, then runc create, report within ~50 ms). */
    static final Duration POLL = Duration.ofMillis(2);

    /** One sync message: a pid (create), an exit code (exec end), or -1 with runc's error text. */
    record SyncMessage(int data, String message) {}

    private final CommandRunner commands;
    private final Path binary;
    private final Path runtimeBinary;
    private final List<String> exitCommand;
    private final Duration timeout;

    Conmon(CommandRunner commands, Path binary, Path runtimeBinary, List<String> exitCommand, Duration timeout) {
        this.commands = commands;
        this.binary = binary;
        this.runtimeBinary = runtimeBinary;
        this.exitCommand = List.copyOf(exitCommand);
        this.timeout = timeout;
    }

    /**
     * The conmon argv for a container ({@code execSpec == null}) or an exec. Flags, as conmon 2.x:
     * {@code --api-version 1} selects JSON sync messages; {@code -c} is runc's id, {@code -u} names
     * the attach-socket link; {@code -p} is runc's --pid-file; {@code -P} conmon's own pid;
     * {@code --exit-dir} gets a file named after {@code -c} holding the exit status (128+n when
     * killed by signal n); {@code -l k8s-file:…} is the CRI log format; {@code -0} is where conmon
     * drops the {@code oom} marker; {@code --runtime-arg} passes runc's global options.
     */
    List<String> argv(String id, String uuid, Path bundle, ContainerDirs.Process files, StdioOptions stdio,
                      List<String> runtimeArgs, Path execSpec, Path socketDir) {
        List<String> a = new ArrayList<>(List.of(binary.toString(), "--api-version", "1", "-c", id, "-u", uuid,
            "-n", uuid, "-r", runtimeBinary.toString(), "-b", bundle.toString(), "-p", files.pidFile().toString(),
            "-P", files.conmonPid().toString(), "--exit-dir", files.exitDir().toString(),
            "-0", files.dir().toString(), "-l", logDriver(stdio), "--log-level", "error",
            "--socket-dir-path", socketDir.toString()));
        if (stdio.logSizeMax() > 0) a.addAll(List.of("--log-size-max", Long.toString(stdio.logSizeMax())));
        if (stdio.openStdin()) a.add("-i");
        // Without it conmon closes the process's stdin whenever an attach connection ends, detach
        // included. Docker closes it only for stdin-once containers without a TTY (a TTY's stdin
        // stays open: `docker run -it` detached with ctrl-p ctrl-q must accept input when attached again).
        if (stdio.openStdin() && (!stdio.stdinOnce() || stdio.tty())) a.add("--leave-stdin-open");
        if (stdio.tty()) a.add("-t");
        if (execSpec != null) a.addAll(List.of("-e", "--exec-process-spec", execSpec.toString()));
        if (!exitCommand.isEmpty() && execSpec == null) {
            a.addAll(List.of("--exit-command", exitCommand.getFirst()));
            for (String arg : exitCommand.subList(1, exitCommand.size())) a.addAll(List.of("--exit-command-arg", arg));
            a.addAll(List.of("--exit-command-arg", id));
        }
        for (String r : runtimeArgs) a.addAll(List.of("--runtime-arg", r));
        return a;
    }

    /** {@code none:} writes nothing (conmon ignores the path), {@code k8s-file:} the CRI format. */
    private static String logDriver(StdioOptions stdio) {
        return (stdio.logDisabled() ? "none:" : "k8s-file:") + stdio.logPath();
    }

    /**
     * Asks the conmon behind {@code ctl} to reopen its log file: message type 2 of its ctl protocol
     * ("&lt;type&gt; &lt;height&gt; &lt;width&gt;\n"). conmon closes the file it writes, creates a new
     * one at the log path and writes there from then on.
     *
     * @throws BerthException.Conflict when no conmon reads the FIFO (the container has exited)
     */
    static void reopenLog(Path ctl) {
        try {
            Fifo.write(ctl, "2 0 0\n".getBytes(java.nio.charset.StandardCharsets.US_ASCII));
        } catch (ErrnoException e) {
            throw new BerthException.Conflict("cannot reopen the log through " + ctl + ": " + e.getMessage());
        }
    }

    /**
     * Launches conmon and waits for its first sync message.
     *
     * @return the process pid
     * @throws BerthException.InvalidArgument with a {@link ContainerStartException} cause if runc
     *         could not start the process
     */
    int launch(String id, List<String> conmonArgv, ContainerDirs.Process files) {
        prepare(files, files.sync());
        List<String> argv = new ArrayList<>(List.of("/bin/sh", "-c", WRAPPER, "sh", files.dir().toString(), files.sync().toString()));
        argv.addAll(conmonArgv);
        run(id, argv, Map.of("_OCI_SYNCPIPE", "3"));
        return awaitPid(id, files);
    }

    /**
     * Launches conmon for an attached exec ({@code conmonArgv} for an exec, {@code --exec-attach} is
     * added) and returns once its attach socket listens; the process runs when the gate opens.
     * Closing the gate without opening it kills conmon.
     */
    StartGate launchGated(String id, List<String> conmonArgv, ContainerDirs.Process files) {
        prepare(files, files.sync(), files.attachReady());
        StartGate gate = StartGate.create(files);
        try {
            // conmon reads the start pipe once before it daemonizes (podman uses that pause to move it
            // into a cgroup): that first byte must be waiting, or the wrapper, and we, would hang
            gate.write();
            List<String> argv = new ArrayList<>(List.of("/bin/sh", "-c", GATED_WRAPPER, "sh", files.dir().toString(),
                files.sync().toString(), files.attachReady().toString(), files.startFifo().toString()));
            argv.addAll(conmonArgv);
            argv.add("--exec-attach");
            run(id, argv, Map.of("_OCI_SYNCPIPE", "3", "_OCI_ATTACHPIPE", "4", "_OCI_STARTPIPE", "5"));
            SyncMessage ready = awaitMessage(files.attachReady(), files, 0);
            if (ready.data() != 0) {
                // conmon died before it could listen: its sync file tells why
                throw startFailure(id, readSync(files.sync()).stream().findFirst().orElse(ready));
            }
            return gate;
        } catch (RuntimeException e) {
            gate.close();
            throw e;
        }
    }

    /** Waits for the pid conmon reports once runc has started the process (or for runc's error). */
    int awaitPid(String id, ContainerDirs.Process files) {
        SyncMessage m = awaitMessage(files.sync(), files, 0);
        if (m.data() > 0) return m.data();
        throw startFailure(id, m);
    }

    private static BerthException startFailure(String id, SyncMessage m) {
        String msg = Runc.message(m.message() == null ? "" : m.message());
        if (msg.isEmpty()) msg = "conmon exited before reporting the container's pid";
        return new BerthException.InvalidArgument("failed to create container " + id + ": " + msg,
            new ContainerStartException(startExitCode(msg), msg));
    }

    private static void prepare(ContainerDirs.Process files, Path... messageFiles) {
        try {
            Files.createDirectories(files.exitDir());
            for (Path f : messageFiles) {
                Files.deleteIfExists(f);
                Files.createFile(f);
            }
        } catch (IOException e) {
            throw new BerthException.Internal("cannot prepare " + files.dir() + ": " + e.getMessage(), e);
        }
    }

    private void run(String id, List<String> argv, Map<String, String> env) {
        CommandRunner.Result r = commands.run(argv, env, null, timeout);
        if (!r.ok()) {
            throw new BerthException.Internal("conmon failed for " + id + " (exit " + r.exitCode() + "): " + r.stderr().strip());
        }
    }

    /**
     * conmon exits by itself once its process is gone; give it a moment to flush the log and exit
     * file, then kill it by pid if it is still ours (its cmdline names the process's directory).
     */
    static void stop(ContainerDirs.Process files, Duration grace) {
        Optional<Integer> pid = ProcFs.readPid(files.conmonPid());
        if (pid.isEmpty()) return;
        long deadline = System.nanoTime() + grace.toNanos();
        while (ProcFs.alive(pid.get()) && System.nanoTime() < deadline) {
            try {
                Thread.sleep(POLL);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        if (ProcFs.alive(pid.get()) && ProcFs.cmdline(pid.get()).contains(files.dir().toString())) {
            ProcessHandle.of(pid.get()).ifPresent(ProcessHandle::destroyForcibly);
        }
    }

    /** Waits until {@code file} holds more than {@code skip} messages, or conmon is gone. */
    SyncMessage awaitMessage(Path file, ContainerDirs.Process files, int skip) {
        long deadline = System.nanoTime() + timeout.toNanos();
        boolean conmonSeen = false;
        while (true) {
            List<SyncMessage> msgs = readSync(file);
            if (msgs.size() > skip) return msgs.get(skip);
            var conmonPid = ProcFs.readPid(files.conmonPid());
            conmonSeen |= conmonPid.isPresent();
            if (conmonSeen && (conmonPid.isEmpty() || !ProcFs.alive(conmonPid.get()))) {
                msgs = readSync(file);
                return msgs.size() > skip ? msgs.get(skip) : new SyncMessage(-1, null);
            }
            if (System.nanoTime() > deadline) {
                throw new BerthException.Unavailable("conmon did not report on " + files.dir() + " within " + timeout.toSeconds() + "s");
            }
            try {
                Thread.sleep(POLL);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new BerthException.Internal("interrupted waiting for conmon", e);
            }
        }
    }

    static List<SyncMessage> readSync(Path sync) {
        List<SyncMessage> out = new ArrayList<>();
        String text;
        try {
            text = Files.readString(sync);
        } catch (IOException e) {
            return out;
        }
        int end = text.lastIndexOf('\n');
        if (end < 0) return out;
        for (String line : text.substring(0, end).lines().toList()) {
            if (line.isBlank()) continue;
            try {
                JsonNode n = JSON.readTree(line);
                out.add(new SyncMessage(n.path("data").asInt(-1), n.hasNonNull("message") ? n.get("message").asText() : null));
            } catch (Exception e) {
                out.add(new SyncMessage(-1, line));
            }
        }
        return out;
    }

    /** Docker's mapping of start failures to exit codes (what `docker run` exits with). */
    static int startExitCode(String msg) {
        String m = msg.toLowerCase();
        if (m.contains("executable file not found") || m.contains("no such file or directory")) return 127;
        if (m.contains("permission denied") || m.contains("is a directory")) return 126;
        return 128;
    }
}
