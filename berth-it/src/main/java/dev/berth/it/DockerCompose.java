package dev.berth.it;

import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;

/**
 * Runs Debian's docker-compose 1.29 ({@code /usr/bin/docker-compose}, else the first on PATH) for
 * one project against one engine: the working directory is the project directory, and the
 * environment holds {@code DOCKER_HOST}, a private {@code DOCKER_CONFIG} and the project name, with
 * no {@code DOCKER_*} or {@code COMPOSE_*} variables leaking in from the caller. {@code exec},
 * {@code run} and {@code build} call the same docker CLI as {@link DockerCli}, as compose does by
 * default ({@code withEnv("COMPOSE_INTERACTIVE_NO_CLI", "1")} and {@code withEnv(
 * "COMPOSE_DOCKER_CLI_BUILD", "0")} make it go through docker-py instead). Every run has
 * a timeout; long-running commands ({@code logs -f}, {@code events}) run in the {@link Background}.
 *
 * <pre>{@code
 * var compose = new DockerCompose(berthd.dockerHost(), scratch.resolve("docker-config"), projectDir, "it1");
 * compose.ok("up", "-d");
 * }</pre>
 */
public final class DockerCompose {
    public static final Duration DEFAULT_TIMEOUT = Duration.ofMinutes(3);

    private final Path projectDir;
    private final String project;
    private final Map<String, String> env;

    public DockerCompose(String dockerHost, Path configDir, Path projectDir, String project) {
        this(projectDir, project, baseEnv(dockerHost, configDir, project));
    }

    private DockerCompose(Path projectDir, String project, Map<String, String> env) {
        this.projectDir = projectDir;
        this.project = project;
        this.env = Map.copyOf(env);
    }

    private static Map<String, String> baseEnv(String dockerHost, Path configDir, String project) {
        Map<String, String> env = new HashMap<>(DockerCli.baseEnv(dockerHost, configDir));
        env.put("COMPOSE_PROJECT_NAME", project);
        // exec and run call the docker CLI (compose's default): put the one the tests use first on PATH
        env.put("PATH", DockerCli.binary().getParent() + ":" + System.getenv().getOrDefault("PATH", "/usr/bin:/bin"));
        // lines of logs -f and events reach the test as they are printed, not when a buffer fills
        env.put("PYTHONUNBUFFERED", "1");
        return env;
    }

    /** A copy with one more environment variable (e.g. for variable substitution in a compose file). */
    public DockerCompose withEnv(String name, String value) {
        Map<String, String> e = new HashMap<>(env);
        e.put(name, value);
        return new DockerCompose(projectDir, project, e);
    }

    public Path projectDir() { return projectDir; }

    public String project() { return project; }

    public Map<String, String> env() { return env; }

    public DockerCli.Result run(String... args) {
        return run(DEFAULT_TIMEOUT, args);
    }

    /** Runs and asserts exit 0. */
    public DockerCli.Result ok(String... args) {
        return run(args).assertOk();
    }

    public DockerCli.Result run(Duration timeout, String... args) {
        try (Background b = start(args)) {
            return b.awaitExit(timeout);
        }
    }

    /** Starts a command that runs until it is stopped or its containers stop ({@code logs -f}, {@code events}). */
    public Background start(String... args) {
        List<String> argv = new ArrayList<>();
        argv.add(binary().toString());
        argv.addAll(Arrays.asList(args));
        ProcessBuilder pb = new ProcessBuilder(argv).directory(projectDir.toFile())
            .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
        Map<String, String> pe = pb.environment();
        pe.keySet().removeIf(k -> k.startsWith("DOCKER_") || k.startsWith("COMPOSE_"));
        pe.putAll(env);
        try {
            return new Background(List.copyOf(argv), pb.start());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot run " + argv.getFirst(), e);
        }
    }

    /** docker-compose to test with; skips the test when it is not installed. */
    public static Path binary() {
        Path preferred = Path.of("/usr/bin/docker-compose");
        if (Files.isExecutable(preferred)) return preferred;
        for (String dir : System.getenv().getOrDefault("PATH", "/usr/bin:/bin").split(":")) {
            Path candidate = Path.of(dir, "docker-compose");
            if (Files.isExecutable(candidate)) return candidate;
        }
        Assumptions.abort("docker-compose is not installed (apt-get install docker-compose)");
        throw new IllegalStateException("unreachable");
    }

    /** A running docker-compose; {@link #close()} stops it by its pid (and its children) if it still runs. */
    public static final class Background implements AutoCloseable {
        private final List<String> argv;
        private final Process process;
        private final Drain out;
        private final Drain err;

        private Background(List<String> argv, Process process) {
            this.argv = argv;
            this.process = process;
            this.out = Drain.of(process.getInputStream());
            this.err = Drain.of(process.getErrorStream());
        }

        public String stdout() { return out.text(); }

        public String stderr() { return err.text(); }

        /** Waits until stdout contains {@code text}; fails with everything printed so far otherwise. */
        public Background awaitOutput(String text, Duration timeout) {
            Instant deadline = Instant.now().plus(timeout);
            while (!stdout().contains(text)) {
                boolean exited = !process.isAlive();
                if (exited) out.join(); // everything it printed is in now
                if (stdout().contains(text)) break;
                if (exited || Instant.now().isAfter(deadline)) {
                    throw new AssertionError(String.join(" ", argv) + ": no \"" + text + "\" after " + timeout.toSeconds()
                        + "s (exited: " + exited + ")\n--- stdout\n" + stdout() + "\n--- stderr\n" + stderr());
                }
                sleep(50);
            }
            return this;
        }

        /** Waits for the command to exit by itself; on timeout it is stopped and the test fails. */
        public DockerCli.Result awaitExit(Duration timeout) {
            try {
                if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                    ProcessTermination.terminate(process, Duration.ofSeconds(2));
                    throw new AssertionError(String.join(" ", argv) + " timed out after " + timeout.toSeconds() + "s\n--- stdout\n"
                        + stdout() + "\n--- stderr\n" + stderr());
                }
            } catch (InterruptedException e) {
                process.destroyForcibly();
                Thread.currentThread().interrupt();
                throw new AssertionError("interrupted", e);
            }
            out.join();
            err.join();
            return new DockerCli.Result(argv, process.exitValue(), stdout(), stderr());
        }

        @Override
        public void close() {
            if (process.isAlive()) ProcessTermination.terminate(process, Duration.ofSeconds(5));
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

    private static final class Drain {
        private final ByteArrayOutputStream buf = new ByteArrayOutputStream();
        private Thread thread;

        static Drain of(InputStream in) {
            Drain d = new Drain();
            d.thread = Thread.ofVirtual().start(() -> {
                byte[] chunk = new byte[8192];
                try (in) {
                    for (int n; (n = in.read(chunk)) > 0; ) d.append(chunk, n);
                } catch (IOException ignored) {
                    // the process was killed
                }
            });
            return d;
        }

        private synchronized void append(byte[] chunk, int n) { buf.write(chunk, 0, n); }

        synchronized String text() { return buf.toString(StandardCharsets.UTF_8); }

        void join() {
            try {
                thread.join(Duration.ofSeconds(10));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
