package dev.berth.testkit;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * A real Debian {@code docker-registry} on 127.0.0.1 with a free port and a temp storage dir,
 * optionally behind htpasswd (bcrypt) auth. Register with {@code @RegisterExtension static}; the
 * process is killed by its own handle and the directory deleted after the class, pass or fail.
 */
public final class RegistryServer implements BeforeAllCallback, AfterAllCallback {
    static final String BINARY = "/usr/bin/docker-registry";
    public static final String USER = "berth";
    public static final String PASSWORD = "s3cret-pass";

    private final boolean auth;
    private Path dir;
    private Process process;
    private int port;

    private RegistryServer(boolean auth) { this.auth = auth; }

    public static RegistryServer plain() { return new RegistryServer(false); }

    public static RegistryServer withHtpasswd() { return new RegistryServer(true); }

    /** {@code 127.0.0.1:<port>}, the registry domain part of image references. */
    public String domain() { return "127.0.0.1:" + port; }

    @Override
    public void beforeAll(ExtensionContext context) throws Exception {
        assumeTrue(Files.isExecutable(Path.of(BINARY)), "docker-registry is not installed");
        dir = Files.createTempDirectory("berth-registry-");
        try {
            start();
        } catch (Exception | Error e) {
            afterAll(context);
            throw e;
        }
    }

    private void start() throws Exception {
        port = freePort();
        StringBuilder config = new StringBuilder()
            .append("version: 0.1\nlog:\n  level: error\n")
            .append("storage:\n  filesystem:\n    rootdirectory: ").append(dir.resolve("data")).append('\n')
            .append("  delete:\n    enabled: true\n")
            .append("http:\n  addr: 127.0.0.1:").append(port).append("\n  secret: berth-test-secret\n");
        if (auth) {
            Path htpasswd = dir.resolve("htpasswd");
            Files.writeString(htpasswd, runHtpasswd());
            config.append("auth:\n  htpasswd:\n    realm: berth-test\n    path: ").append(htpasswd).append('\n');
        }
        Path configFile = dir.resolve("config.yml");
        Files.writeString(configFile, config);
        process = new ProcessBuilder(BINARY, "serve", configFile.toString())
            .redirectErrorStream(true).redirectOutput(dir.resolve("registry.log").toFile()).start();
        awaitListening();
    }

    private String runHtpasswd() throws IOException, InterruptedException {
        Process p = new ProcessBuilder("htpasswd", "-Bbn", USER, PASSWORD).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(30, TimeUnit.SECONDS) || p.exitValue() != 0) throw new IOException("htpasswd failed: " + out);
        return out.strip() + "\n";
    }

    private void awaitListening() throws Exception {
        Instant deadline = Instant.now().plus(Duration.ofSeconds(15));
        while (Instant.now().isBefore(deadline)) {
            if (!process.isAlive()) throw new IllegalStateException("docker-registry exited: " + log());
            try (Socket s = new Socket(InetAddress.getLoopbackAddress(), port)) {
                return;
            } catch (IOException notYet) {
                Thread.sleep(50);
            }
        }
        throw new IllegalStateException("docker-registry did not listen on " + port + ": " + log());
    }

    String log() {
        try {
            return Files.readString(dir.resolve("registry.log"));
        } catch (IOException e) {
            return "(no log: " + e.getMessage() + ")";
        }
    }

    @Override
    public void afterAll(ExtensionContext context) throws Exception {
        if (process != null) {
            process.destroy();
            if (!process.waitFor(5, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                process.waitFor(5, TimeUnit.SECONDS);
            }
        }
        if (dir != null && Files.exists(dir)) {
            try (Stream<Path> walk = Files.walk(dir)) {
                for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) Files.deleteIfExists(p);
            }
        }
    }

    public static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }
}
