package dev.berth.it;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Assumptions;

/**
 * Debian's dockerd ({@code /usr/sbin/dockerd}, package docker.io, installed by
 * {@code scripts/test.sh}) as a reference engine, fully private: its own socket, data root, exec
 * root (and so its own managed containerd), pidfile and empty config file; no bridge, no iptables.
 * Stopped by pid on {@link #close()}, which also unmounts and deletes its directories. Tests are
 * skipped when dockerd is not installed or not running as root.
 */
public final class ReferenceDockerd implements AutoCloseable {
    public static final Path DOCKERD = Path.of("/usr/sbin/dockerd");

    private final ScratchDir scratch;
    private final Process process;
    private DockerCli docker;

    private ReferenceDockerd(ScratchDir scratch, Process process) {
        this.scratch = scratch;
        this.process = process;
    }

    public static boolean installed() { return Files.isExecutable(DOCKERD); }

    /** Starts dockerd with extra flags (e.g. {@code --storage-driver vfs}) and waits for {@code /_ping}. */
    public static ReferenceDockerd start(String... extraArgs) {
        Root.assume();
        Assumptions.assumeTrue(installed(), "reference dockerd not installed (" + DOCKERD + "; scripts/test.sh installs docker.io)");
        ScratchDir scratch = ScratchDir.create("berth-ref-");
        Process process = null;
        try {
            Path config = Files.writeString(scratch.resolve("daemon.json"), "{}");
            List<String> argv = new ArrayList<>(List.of(DOCKERD.toString(),
                "--host", "unix://" + scratch.resolve("docker.sock"),
                "--data-root", scratch.resolve("data").toString(),
                "--exec-root", scratch.resolve("exec").toString(),
                "--pidfile", scratch.resolve("docker.pid").toString(),
                "--config-file", config.toString(),
                "--bridge", "none", "--iptables=false", "--ip-masq=false"));
            argv.addAll(List.of(extraArgs));
            process = new ProcessBuilder(argv).redirectErrorStream(true)
                .redirectOutput(scratch.resolve("dockerd.log").toFile()).start();
            ReferenceDockerd d = new ReferenceDockerd(scratch, process);
            d.awaitReady(Duration.ofSeconds(60));
            return d;
        } catch (IOException | RuntimeException | Error e) {
            if (process != null) ProcessTermination.terminate(process, Duration.ofSeconds(20));
            String log = readLog(scratch);
            scratch.close();
            if (e instanceof IOException io) throw new UncheckedIOException(io);
            if (e instanceof AssertionError a) throw new AssertionError(a.getMessage() + "\n" + log, a);
            if (e instanceof RuntimeException r) throw r;
            throw (Error) e;
        }
    }

    private void awaitReady(Duration timeout) {
        Instant deadline = Instant.now().plus(timeout);
        while (Instant.now().isBefore(deadline)) {
            if (!process.isAlive()) throw new AssertionError("dockerd exited with " + process.exitValue());
            if (Files.exists(socket()) && docker().run("version", "--format", "{{.Server.Version}}").ok()) return;
            try {
                Thread.sleep(200);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError("interrupted", e);
            }
        }
        throw new AssertionError("dockerd not ready after " + timeout.toSeconds() + "s");
    }

    public Path socket() { return scratch.resolve("docker.sock"); }

    public String dockerHost() { return "unix://" + socket(); }

    public Path dataRoot() { return scratch.resolve("data"); }

    public Path scratch() { return scratch.path(); }

    public long pid() { return process.pid(); }

    public synchronized DockerCli docker() {
        if (docker == null) docker = new DockerCli(dockerHost(), scratch.resolve("docker-config"));
        return docker;
    }

    public String log() { return readLog(scratch); }

    private static String readLog(ScratchDir scratch) {
        try {
            Path log = scratch.resolve("dockerd.log");
            return Files.exists(log) ? Files.readString(log, StandardCharsets.UTF_8) : "";
        } catch (IOException e) {
            return "";
        }
    }

    @Override
    public void close() {
        try {
            ProcessTermination.terminate(process, Duration.ofSeconds(30));
        } finally {
            scratch.close();
        }
    }
}
