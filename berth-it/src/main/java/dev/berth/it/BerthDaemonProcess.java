package dev.berth.it;

import dev.berth.client.EngineAddress;
import dev.berth.client.EngineClient;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A real {@code berthd} in its own JVM with its own data root, exec root, pidfile, config file and
 * unix socket, all in a private directory under {@code /tmp}. {@link #close()} stops it by pid
 * (SIGTERM, then SIGKILL), unmounts whatever it left mounted there and deletes the directory; the
 * log is kept in {@code target/it-logs}. Needs root, like the daemon.
 *
 * <pre>{@code
 * try (var berthd = BerthDaemonProcess.builder().start()) {
 *     berthd.docker().ok("version");
 * }
 * }</pre>
 */
public final class BerthDaemonProcess implements AutoCloseable {
    public static final Duration START_TIMEOUT = Duration.ofSeconds(60);
    public static final Duration STOP_GRACE = Duration.ofSeconds(20);
    /** Logged by berthd once every listener is bound. */
    public static final String READY_LINE = "berthd started";

    private final ScratchDir scratch;
    private final Path dataRoot;
    private final Path socket;
    private final Path log;
    private final List<String> argv;
    private Process process;
    private DockerCli docker;
    private Integer exitCode;

    private BerthDaemonProcess(ScratchDir scratch, Path dataRoot, Path socket, List<String> argv) {
        this.scratch = scratch;
        this.dataRoot = dataRoot;
        this.socket = socket;
        this.log = scratch.resolve("berthd.log");
        this.argv = List.copyOf(argv);
    }

    public static Builder builder() { return new Builder(); }

    /** Options for one daemon; everything not set gets a private default. */
    public static final class Builder {
        private Path dataRoot;
        private Path execRoot;
        private String configJson = "{}";
        private boolean unixSocket = true;
        private Path socketPath;
        private final List<String> args = new ArrayList<>();

        /** The unix socket at a path a client was told in advance (default: one in the daemon's scratch dir). */
        public Builder socket(Path path) { this.socketPath = path; return this; }

        /** Share a data root (e.g. with another daemon, to see the lock refuse it). */
        public Builder dataRoot(Path dir) { this.dataRoot = dir; return this; }

        /** Share an exec root too: a daemon restarted over both finds the running containers (live-restore). */
        public Builder execRoot(Path dir) { this.execRoot = dir; return this; }

        /** Content of the daemon.json passed with {@code --config-file}. */
        public Builder configJson(String json) { this.configJson = json; return this; }

        /** No {@code -H unix://…} of its own (e.g. when the test gives its own {@code -H}). */
        public Builder withoutUnixSocket() { this.unixSocket = false; return this; }

        public Builder args(String... more) { args.addAll(Arrays.asList(more)); return this; }

        /** Starts the daemon and waits until it logs that it is serving. */
        public BerthDaemonProcess start() {
            BerthDaemonProcess d = launch();
            try {
                d.awaitReady(START_TIMEOUT);
            } catch (RuntimeException | Error e) {
                d.close();
                throw e;
            }
            return d;
        }

        /** Starts the daemon without waiting: for tests that expect it to refuse to start. */
        public BerthDaemonProcess launch() {
            Root.assume();
            ScratchDir scratch = ScratchDir.create("berth-it-");
            try {
                Path data = dataRoot != null ? dataRoot : scratch.resolve("data");
                Path socket = socketPath != null ? socketPath : scratch.resolve("berth.sock");
                Path config = Files.writeString(scratch.resolve("daemon.json"), configJson);
                List<String> argv = new ArrayList<>(List.of(
                    DaemonClasspath.java().toString(),
                    "--enable-native-access=ALL-UNNAMED", "--sun-misc-unsafe-memory-access=allow",
                    "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC",
                    // tests talk to loopback only: a pull of a Docker Hub name must fail, not go out
                    "-Dberth.dockerHub=off",
                    "-cp", DaemonClasspath.resolve(), "dev.berth.daemon.Main",
                    "--config-file", config.toString(),
                    "--data-root", data.toString(),
                    "--exec-root", (execRoot != null ? execRoot : scratch.resolve("exec")).toString(),
                    "--pidfile", scratch.resolve("berthd.pid").toString()));
                if (unixSocket) argv.addAll(List.of("-H", "unix://" + socket));
                // no shared default bridge (berth0) unless a test asks for a bridge of its own
                if (!configJson.contains("\"bridge\"") && !args.contains("--bridge") && !args.contains("-b")) {
                    argv.addAll(List.of("--bridge", "none"));
                }
                argv.addAll(args);
                BerthDaemonProcess d = new BerthDaemonProcess(scratch, data, socket, argv);
                if (execRoot != null) d.execRoot = execRoot;
                d.spawn();
                return d;
            } catch (IOException | RuntimeException e) {
                scratch.close();
                throw e instanceof IOException io ? new UncheckedIOException(io) : (RuntimeException) e;
            }
        }
    }

    private void spawn() throws IOException {
        ProcessBuilder pb = new ProcessBuilder(argv)
            .redirectErrorStream(true)
            .redirectOutput(log.toFile())
            .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
        pb.environment().remove("DOCKER_CERT_PATH");
        process = pb.start();
    }

    public void awaitReady(Duration timeout) {
        Instant deadline = Instant.now().plus(timeout);
        while (Instant.now().isBefore(deadline)) {
            if (log().contains(READY_LINE)) return;
            if (!process.isAlive()) {
                throw new AssertionError("berthd exited with " + process.exitValue() + " before it was ready:\n" + log());
            }
            sleep(100);
        }
        throw new AssertionError("berthd not ready after " + timeout.toSeconds() + "s:\n" + log());
    }

    /** Waits for the daemon to exit by itself (it refused to start) and returns its exit code. */
    public int awaitExit(Duration timeout) {
        try {
            if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                throw new AssertionError("berthd still running after " + timeout.toSeconds() + "s:\n" + log());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", e);
        }
        exitCode = process.exitValue();
        return exitCode;
    }

    /**
     * Simulates a crash and a restart: SIGKILL (no shutdown hook runs), then the same argv again over
     * the same data root, exec root and socket; waits until ready. The previous log is kept as
     * {@code berthd.log.1}.
     */
    public void crashAndRestart() {
        process.destroyForcibly();
        try {
            process.waitFor();
            Files.move(log, scratch.resolve("berthd.log.1"), StandardCopyOption.REPLACE_EXISTING);
            spawn();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", e);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        exitCode = null;
        awaitReady(START_TIMEOUT);
    }

    /** SIGTERM, then SIGKILL after {@link #STOP_GRACE}; returns the exit code (-1 when killed). Idempotent. */
    public int stop() {
        if (exitCode == null) exitCode = ProcessTermination.terminate(process, STOP_GRACE);
        return exitCode;
    }

    @Override
    public void close() {
        try {
            if (process != null) stop();
        } finally {
            keepLog();
            scratch.close();
        }
    }

    private void keepLog() {
        String dir = System.getProperty("berth.it.logs");
        if (dir == null || !Files.exists(log)) return;
        try {
            Files.createDirectories(Path.of(dir));
            Files.copy(log, Path.of(dir, scratch.path().getFileName() + ".log"), StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException ignored) {
            // losing a log must not hide the test's own outcome
        }
    }

    public long pid() { return process.pid(); }

    public boolean isAlive() { return process.isAlive(); }

    public Path socket() { return socket; }

    public String dockerHost() { return "unix://" + socket; }

    public Path dataRoot() { return dataRoot; }

    public Path execRoot() { return execRoot != null ? execRoot : scratch.resolve("exec"); }

    /** Set when the builder shared another daemon's exec root. */
    private Path execRoot;

    public Path pidfile() { return scratch.resolve("berthd.pid"); }

    /** The private scratch directory; tests may put their own files (certs, tars) here. */
    public Path scratch() { return scratch.path(); }

    public List<String> argv() { return argv; }

    /** Everything berthd wrote to stdout and stderr so far. */
    public String log() {
        try {
            return Files.exists(log) ? Files.readString(log, StandardCharsets.UTF_8) : "";
        } catch (IOException e) {
            return "<cannot read " + log + ": " + e.getMessage() + ">";
        }
    }

    /** The real docker CLI pointed at this daemon's socket, with a private DOCKER_CONFIG. */
    public synchronized DockerCli docker() {
        if (docker == null) docker = new DockerCli(dockerHost(), scratch.resolve("docker-config"));
        return docker;
    }

    /** Berth's own Java client on this daemon's socket. */
    public EngineClient client() {
        return new EngineClient(new EngineAddress.Unix(socket), Duration.ofSeconds(30));
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", e);
        }
    }
}
