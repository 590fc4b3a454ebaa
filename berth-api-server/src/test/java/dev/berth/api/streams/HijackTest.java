package dev.berth.api.streams;

import static org.assertj.core.api.Assertions.assertThat;

import dev.berth.api.ApiServer;
import dev.berth.api.Listener;
import dev.berth.api.http.HijackedConnection;
import dev.berth.api.http.Router;
import dev.berth.core.container.StdioSession;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Hijacked attach over the real Netty server on a unix socket, bridged to an in-memory process. */
class HijackTest {
    @TempDir Path dir;
    private ApiServer server;
    private Path socket;
    private final FakeStdioSession process = new FakeStdioSession();
    private final CompletableFuture<StdioBridge.Outcome> outcome = new CompletableFuture<>();
    private final CompletableFuture<String> requestBody = new CompletableFuture<>();
    private SocketChannel client;

    @BeforeEach
    void start() {
        socket = dir.resolve("api.sock");
        Router routes = new Router().post("/containers/{id}/attach", (req, resp) -> {
            DetachKeys keys = DetachKeys.parse(req.query("detachKeys"));
            requestBody.complete(new String(req.body().readAllBytes(), StandardCharsets.UTF_8));
            boolean tty = req.bool("tty");
            HijackedConnection conn = resp.hijack(StdioBridge.contentType(tty, req.apiAtLeast("1.42")));
            outcome.complete(StdioBridge.pump(process, conn, tty, req.bool("stdin"), req.bool("stdout"), req.bool("stderr"), keys));
        });
        server = new ApiServer(routes, List.of(new Listener.Unix(socket, 0600, null)));
        server.start();
    }

    @AfterEach
    void stop() throws IOException {
        if (client != null) client.close();
        server.close();
    }

    record Head(String statusLine, Map<String, String> headers) {}

    /** Sends the request (plus {@code extra} bytes in the same write) and reads the response head. */
    private Head request(String path, boolean upgrade, String body, String extra) throws IOException {
        client = SocketChannel.open(StandardProtocolFamily.UNIX);
        client.connect(UnixDomainSocketAddress.of(socket));
        StringBuilder req = new StringBuilder("POST " + path + " HTTP/1.1\r\nHost: docker\r\n");
        if (upgrade) req.append("Connection: Upgrade\r\nUpgrade: tcp\r\n");
        if (body != null) req.append("Content-Type: application/json\r\nContent-Length: ").append(body.length()).append("\r\n");
        req.append("\r\n");
        if (body != null) req.append(body);
        if (extra != null) req.append(extra);
        write(req.toString());
        InputStream in = in();
        String status = line(in);
        Map<String, String> headers = new LinkedHashMap<>();
        for (String l = line(in); !l.isEmpty(); l = line(in)) {
            int colon = l.indexOf(':');
            headers.put(l.substring(0, colon).toLowerCase(Locale.ROOT), l.substring(colon + 1).trim());
        }
        return new Head(status, headers);
    }

    private InputStream in() { return Channels.newInputStream(client); }

    private void write(String s) throws IOException {
        ByteBuffer b = ByteBuffer.wrap(s.getBytes(StandardCharsets.ISO_8859_1));
        while (b.hasRemaining()) client.write(b);
    }

    private static String line(InputStream in) throws IOException {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        int c;
        while ((c = in.read()) != -1 && c != '\n') if (c != '\r') b.write(c);
        return b.toString(StandardCharsets.ISO_8859_1);
    }

    /** Everything the server sends until it closes or half-closes. */
    private byte[] readToEnd() throws Exception {
        return CompletableFuture.supplyAsync(() -> {
            try {
                return in().readAllBytes();
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
        }).get(10, TimeUnit.SECONDS);
    }

    private static byte[] frame(int stream, String text) {
        byte[] data = text.getBytes(StandardCharsets.UTF_8);
        byte[] f = new byte[8 + data.length];
        f[0] = (byte) stream;
        f[7] = (byte) data.length;
        System.arraycopy(data, 0, f, 8, data.length);
        return f;
    }

    private static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        for (byte[] p : parts) b.writeBytes(p);
        return b.toByteArray();
    }

    @Test
    void upgradeIsAnswered101WithDockerdsHeadersAndOutputIsMultiplexed() throws Exception {
        Head head = request("/v1.44/containers/c1/attach?stream=1&stdin=1&stdout=1&stderr=1", true, null, null);
        assertThat(head.statusLine()).isEqualTo("HTTP/1.1 101 UPGRADED");
        assertThat(head.headers()).containsEntry("content-type", "application/vnd.docker.multiplexed-stream")
            .containsEntry("connection", "Upgrade").containsEntry("upgrade", "tcp").containsEntry("api-version", "1.44")
            .doesNotContainKey("content-length").doesNotContainKey("transfer-encoding");
        process.emit(StdioSession.Stream.STDOUT, "out\n");
        process.emit(StdioSession.Stream.STDERR, "err\n");
        process.exit();
        assertThat(readToEnd()).isEqualTo(concat(frame(1, "out\n"), frame(2, "err\n")));
        assertThat(outcome.get(5, TimeUnit.SECONDS)).isEqualTo(StdioBridge.Outcome.ENDED);
    }

    @Test
    void olderClientsAreToldRawStreamButStillGetFrames() throws Exception {
        Head head = request("/v1.41/containers/c1/attach?stream=1&stdout=1&stderr=0", true, null, null);
        assertThat(head.headers()).containsEntry("content-type", "application/vnd.docker.raw-stream");
        process.emit(StdioSession.Stream.STDERR, "hidden\n");
        process.emit(StdioSession.Stream.STDOUT, "shown\n");
        process.exit();
        assertThat(readToEnd()).isEqualTo(frame(1, "shown\n"));
    }

    @Test
    void ttyOutputIsRaw() throws Exception {
        Head head = request("/v1.44/containers/c1/attach?stream=1&stdin=1&stdout=1&stderr=1&tty=1", true, null, null);
        assertThat(head.headers()).containsEntry("content-type", "application/vnd.docker.raw-stream");
        process.emit(StdioSession.Stream.STDOUT, "$ ");
        process.emit(StdioSession.Stream.STDOUT, "ls\r\n");
        process.exit();
        assertThat(new String(readToEnd(), StandardCharsets.UTF_8)).isEqualTo("$ ls\r\n");
    }

    @Test
    void withoutUpgradeHeadersTheAnswerIs200AndTheConnectionIsRawAnyway() throws Exception {
        Head head = request("/v1.44/containers/c1/attach?stream=1&stdin=1&stdout=1&tty=1", false, null, null);
        assertThat(head.statusLine()).isEqualTo("HTTP/1.1 200 OK");
        assertThat(head.headers()).containsEntry("content-type", "application/vnd.docker.raw-stream");
        write("typed\n");
        assertThat(process.awaitStdin("typed\n")).isEqualTo("typed\n");
        process.emit(StdioSession.Stream.STDOUT, "echo\n");
        process.exit();
        assertThat(new String(readToEnd(), StandardCharsets.UTF_8)).isEqualTo("echo\n");
    }

    @Test
    void detachKeysEndTheSessionButNotTheProcess() throws Exception {
        request("/v1.44/containers/c1/attach?stream=1&stdin=1&stdout=1&tty=1", true, null, null);
        write("ab\u0010c"); // ctrl-p then c: not the sequence, passed on
        assertThat(process.awaitStdin("ab\u0010c")).isEqualTo("ab\u0010c");
        write("\u0010");
        Thread.sleep(50);
        write("\u0011tail");
        assertThat(outcome.get(5, TimeUnit.SECONDS)).isEqualTo(StdioBridge.Outcome.DETACHED);
        assertThat(readToEnd()).isEmpty(); // the server closed the connection
        assertThat(process.sessionClosed()).isTrue();
        assertThat(process.exited()).isFalse();
        assertThat(process.stdinClosed()).isFalse();
        assertThat(process.stdinText()).isEqualTo("ab\u0010c");
    }

    @Test
    void customDetachKeysAndInvalidOnesAreRefusedBeforeTheHijack() throws Exception {
        Head bad = request("/v1.44/containers/c1/attach?stream=1&stdin=1&detachKeys=ctrl-zz", true, null, null);
        assertThat(bad.statusLine()).startsWith("HTTP/1.1 400");
        String body = new String(in().readNBytes(Integer.parseInt(bad.headers().get("content-length"))), StandardCharsets.UTF_8);
        assertThat(body).contains("Invalid detach keys (ctrl-zz) provided");
        client.close();

        request("/v1.44/containers/c1/attach?stream=1&stdin=1&stdout=1&detachKeys=ctrl-x,y", true, null, null);
        write("x1\u0018y");
        assertThat(outcome.get(5, TimeUnit.SECONDS)).isEqualTo(StdioBridge.Outcome.DETACHED);
        assertThat(process.stdinText()).isEqualTo("x1");
    }

    @Test
    void clientEndOfInputClosesStdinAndOutputStillFlows() throws Exception {
        request("/v1.44/containers/c1/attach?stream=1&stdin=1&stdout=1&stderr=1", true, null, null);
        write("last line\n");
        client.shutdownOutput();
        long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
        while (!process.stdinClosed() && System.nanoTime() < deadline) Thread.sleep(10);
        assertThat(process.stdinClosed()).isTrue();
        assertThat(process.stdinText()).isEqualTo("last line\n");
        process.emit(StdioSession.Stream.STDOUT, "bye\n");
        process.exit();
        assertThat(readToEnd()).isEqualTo(frame(1, "bye\n"));
        assertThat(outcome.get(5, TimeUnit.SECONDS)).isEqualTo(StdioBridge.Outcome.ENDED);
    }

    /**
     * What {@code docker run} without -i does: it half-closes at once, then reads megabytes. The
     * output must keep flowing while the socket buffer fills and drains (the client reads slowly).
     */
    @Test
    void outputLargerThanTheSocketBuffersFlowsAfterTheClientHalfCloses() throws Exception {
        request("/v1.44/containers/c1/attach?stream=1&stdout=1", true, null, null);
        client.shutdownOutput();
        Thread.sleep(50); // let the server see the half-close before the output starts
        String chunk = "y\n".repeat(32 * 1024);
        int chunks = 320; // 20 MiB: far beyond what the kernel and Netty buffer
        CompletableFuture<Long> received = CompletableFuture.supplyAsync(() -> {
            try (InputStream in = in()) {
                long n = 0;
                byte[] buf = new byte[64 * 1024];
                for (int r; (r = in.read(buf)) >= 0; ) n += r;
                return n;
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
        });
        for (int i = 0; i < chunks; i++) process.emit(StdioSession.Stream.STDOUT, chunk);
        process.exit();
        long payload = (long) chunks * chunk.length();
        assertThat(received.get(30, TimeUnit.SECONDS)).isGreaterThanOrEqualTo(payload).isLessThan(payload * 2);
        assertThat(outcome.get(5, TimeUnit.SECONDS)).isEqualTo(StdioBridge.Outcome.ENDED);
    }

    /** A client gone while the session has nothing to say must not make the event loop spin on the hang-up. */
    @Test
    void anIdleSessionWhoseClientVanishedDoesNotSpin() throws Exception {
        request("/v1.44/containers/c1/attach?stream=1&stdout=1", true, null, null);
        client.shutdownOutput();
        Thread.sleep(50);
        client.close();
        Thread.sleep(200);
        var os = (com.sun.management.OperatingSystemMXBean) java.lang.management.ManagementFactory.getOperatingSystemMXBean();
        long before = os.getProcessCpuTime();
        Thread.sleep(1000);
        long used = os.getProcessCpuTime() - before;
        assertThat(used).isLessThan(TimeUnit.MILLISECONDS.toNanos(500)); // a spinning loop burns ~1000 ms
        process.exit();
    }

    @Test
    void bytesSentRightBehindTheHeadersReachStdin() throws Exception {
        request("/v1.44/containers/c1/attach?stream=1&stdin=1&stdout=1", true, null, "early\n");
        assertThat(process.awaitStdin("early\n")).isEqualTo("early\n");
        assertThat(requestBody.get(1, TimeUnit.SECONDS)).isEmpty();
        process.exit();
        readToEnd();
    }

    @Test
    void aRequestBodyIsStillDecodedAndTheBytesBehindItAreStdin() throws Exception {
        String json = "{\"Detach\":false,\"Tty\":false}";
        request("/v1.44/containers/c1/attach?stream=1&stdin=1&stdout=1", true, json, "early\n");
        assertThat(requestBody.get(5, TimeUnit.SECONDS)).isEqualTo(json);
        assertThat(process.awaitStdin("early\n")).isEqualTo("early\n");
        process.exit();
        readToEnd();
    }

    @Test
    void aVanishedClientDetachesTheSession() throws Exception {
        request("/v1.44/containers/c1/attach?stream=1&stdout=1", true, null, null);
        client.shutdownOutput(); // what docker run without -i does at once
        Thread.sleep(100);
        assertThat(outcome).isNotDone();
        client.close();
        // after the client's end of input only a failing write reveals that it is gone, as in dockerd
        long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
        while (!outcome.isDone() && System.nanoTime() < deadline) {
            process.emit(StdioSession.Stream.STDOUT, "tick\n");
            Thread.sleep(50);
        }
        assertThat(outcome.get(1, TimeUnit.SECONDS)).isEqualTo(StdioBridge.Outcome.CLIENT_GONE);
        assertThat(process.sessionClosed()).isTrue();
        assertThat(process.exited()).isFalse();
    }
}
