package dev.berth.it;

import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;

/**
 * Runs the real {@code docker} CLI ({@code /usr/local/bin/docker}, else the first on PATH) against
 * one engine: {@code DOCKER_HOST} set, a private {@code DOCKER_CONFIG}, and no TLS or context
 * variables leaking in from the caller's environment. Every run has a timeout.
 */
public final class DockerCli {
    public static final Duration DEFAULT_TIMEOUT = Duration.ofMinutes(2);

    private final Map<String, String> env;

    public DockerCli(String dockerHost, Path configDir) {
        this(baseEnv(dockerHost, configDir));
    }

    private DockerCli(Map<String, String> env) {
        this.env = Map.copyOf(env);
    }

    /** What every docker client process of a test gets: its daemon, a private config dir, no hints. */
    static Map<String, String> baseEnv(String dockerHost, Path configDir) {
        try {
            Files.createDirectories(configDir);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Map<String, String> env = new HashMap<>();
        env.put("DOCKER_HOST", dockerHost);
        env.put("DOCKER_CONFIG", configDir.toString());
        env.put("DOCKER_CLI_HINTS", "false");
        return env;
    }

    /** A copy with one more environment variable (e.g. {@code DOCKER_TLS_VERIFY}). */
    public DockerCli withEnv(String name, String value) {
        Map<String, String> e = new HashMap<>(env);
        e.put(name, value);
        return new DockerCli(e);
    }

    public Map<String, String> env() { return env; }

    /** What one docker command did. */
    public record Result(List<String> argv, int exitCode, String stdout, String stderr) {
        public boolean ok() { return exitCode == 0; }

        /** Throws with the whole story unless the command exited 0; returns itself for chaining. */
        public Result assertOk() {
            if (exitCode != 0) throw new AssertionError(describe());
            return this;
        }

        public String describe() {
            return String.join(" ", argv) + " exited " + exitCode + "\n--- stdout\n" + stdout + "\n--- stderr\n" + stderr;
        }
    }

    public Result run(String... args) {
        return run(DEFAULT_TIMEOUT, null, null, args);
    }

    /** Runs and asserts exit 0. */
    public Result ok(String... args) {
        return run(args).assertOk();
    }

    public Result runWithStdin(byte[] stdin, String... args) {
        return run(DEFAULT_TIMEOUT, stdin, null, args);
    }

    public Result runWithStdin(Path stdinFile, String... args) {
        return run(DEFAULT_TIMEOUT, null, stdinFile, args);
    }

    public Result run(Duration timeout, byte[] stdin, Path stdinFile, String... args) {
        List<String> argv = new ArrayList<>();
        argv.add(binary().toString());
        argv.addAll(Arrays.asList(args));
        ProcessBuilder pb = new ProcessBuilder(argv);
        Map<String, String> pe = pb.environment();
        for (String leak : List.of("DOCKER_HOST", "DOCKER_CONTEXT", "DOCKER_TLS_VERIFY", "DOCKER_CERT_PATH",
                "DOCKER_TLS", "DOCKER_API_VERSION", "DOCKER_CONFIG")) {
            pe.remove(leak);
        }
        pe.putAll(env);
        pb.redirectInput(stdinFile != null ? ProcessBuilder.Redirect.from(stdinFile.toFile())
            : stdin == null ? ProcessBuilder.Redirect.from(new File("/dev/null")) : ProcessBuilder.Redirect.PIPE);
        Process p;
        try {
            p = pb.start();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot run " + argv.getFirst(), e);
        }
        var out = drain(p.getInputStream());
        var err = drain(p.getErrorStream());
        if (stdin != null) {
            Thread.ofVirtual().start(() -> {
                try (OutputStream in = p.getOutputStream()) {
                    in.write(stdin);
                } catch (IOException ignored) {
                    // docker may exit before reading all input; its exit code tells
                }
            });
        }
        try {
            if (!p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                ProcessTermination.terminate(p, Duration.ofSeconds(2));
                throw new AssertionError(String.join(" ", argv) + " timed out after " + timeout.toSeconds() + "s\n--- stdout\n"
                    + out.text() + "\n--- stderr\n" + err.text());
            }
            out.thread.join();
            err.thread.join();
        } catch (InterruptedException e) {
            p.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", e);
        }
        return new Result(List.copyOf(argv), p.exitValue(), out.text(), err.text());
    }

    /** The docker CLI to test with; skips the test when there is none. */
    public static Path binary() {
        Path preferred = Path.of("/usr/local/bin/docker");
        if (Files.isExecutable(preferred)) return preferred;
        for (String dir : System.getenv().getOrDefault("PATH", "/usr/bin:/bin").split(":")) {
            Path candidate = Path.of(dir, "docker");
            if (Files.isExecutable(candidate)) return candidate;
        }
        Assumptions.abort("no docker CLI installed (/usr/local/bin/docker or PATH)");
        throw new IllegalStateException("unreachable");
    }

    private static Drain drain(InputStream in) {
        Drain d = new Drain();
        d.thread = Thread.ofVirtual().start(() -> {
            try (in) {
                in.transferTo(d.buf);
            } catch (IOException ignored) {
                // the process was killed
            }
        });
        return d;
    }

    private static final class Drain {
        final ByteArrayOutputStream buf = new ByteArrayOutputStream();
        Thread thread;

        synchronized String text() { return buf.toString(StandardCharsets.UTF_8); }
    }
}
