package dev.berth.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.InputStream;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Function;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Runs the client against a scripted HTTP server on a real unix socket. */
class EngineClientTest {
    @TempDir Path tmp;
    private ServerSocketChannel server;
    private final List<String> requests = new CopyOnWriteArrayList<>();

    private EngineClient serve(Function<String, String> answer) throws IOException {
        Path socket = tmp.resolve("engine.sock");
        server = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
        server.bind(UnixDomainSocketAddress.of(socket));
        Thread.ofVirtual().start(() -> {
            while (server.isOpen()) {
                try (SocketChannel c = server.accept()) {
                    String request = readHead(Channels.newInputStream(c));
                    requests.add(request);
                    c.write(ByteBuffer.wrap(answer.apply(request.lines().findFirst().orElse("")).getBytes(StandardCharsets.UTF_8)));
                } catch (IOException e) {
                    return;
                }
            }
        });
        return new EngineClient(new EngineAddress.Unix(socket), Duration.ofSeconds(5));
    }

    private static String readHead(InputStream in) throws IOException {
        StringBuilder sb = new StringBuilder();
        while (!sb.toString().endsWith("\r\n\r\n")) {
            int b = in.read();
            if (b < 0) break;
            sb.append((char) b);
        }
        return sb.toString();
    }

    @AfterEach
    void stop() throws IOException {
        if (server != null) server.close();
    }

    @Test
    void pingNegotiatesDownToTheServersVersion() throws IOException {
        EngineClient client = serve(line -> line.startsWith("GET /_ping")
            ? "HTTP/1.1 200 OK\r\nApi-Version: 1.41\r\nContent-Length: 2\r\n\r\nOK"
            : "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n"
              + "b\r\n{\"Version\":\r\n" + "9\r\n\"1.2.3\"}\n\r\n" + "0\r\n\r\n");
        assertThat(client.ping()).isEqualTo("OK");
        assertThat(client.apiVersion()).isEqualTo("1.41");
        assertThat(client.version().version()).isEqualTo("1.2.3");
        assertThat(requests.getLast()).startsWith("GET /v1.41/version HTTP/1.1\r\n").contains("Connection: close");
    }

    @Test
    void newerServersAreSpokenToInTheClientsVersion() throws IOException {
        EngineClient client = serve(line -> "HTTP/1.1 200 OK\r\nApi-Version: 1.50\r\nContent-Length: 2\r\n\r\nOK");
        client.ping();
        assertThat(client.apiVersion()).isEqualTo("1.44");
    }

    @Test
    void errorsCarryTheDaemonsMessage() throws IOException {
        EngineClient client = serve(line -> line.startsWith("GET /_ping")
            ? "HTTP/1.1 200 OK\r\nApi-Version: 1.44\r\nContent-Length: 2\r\n\r\nOK"
            : "HTTP/1.1 500 Internal Server Error\r\nContent-Length: 18\r\n\r\n{\"message\":\"boom\"}");
        assertThatThrownBy(client::info).isInstanceOf(EngineClientException.class)
            .hasMessage("Error response from daemon: boom")
            .satisfies(e -> assertThat(((EngineClientException) e).status()).isEqualTo(500));
    }

    @Test
    void anAbsentDaemonIsReportedClearly() {
        EngineClient client = new EngineClient(new EngineAddress.Unix(tmp.resolve("none.sock")), Duration.ofSeconds(2));
        assertThatThrownBy(client::ping).isInstanceOf(EngineClientException.class)
            .hasMessageContaining("Cannot connect to the Berth daemon at unix://");
    }

    @Test
    void parsesAddresses() {
        assertThat(EngineAddress.parse("unix:///run/berth/berth.sock")).isEqualTo(new EngineAddress.Unix(Path.of("/run/berth/berth.sock")));
        assertThat(EngineAddress.parse("tcp://127.0.0.1:2375")).isEqualTo(new EngineAddress.Tcp("127.0.0.1", 2375));
        assertThatThrownBy(() -> EngineAddress.parse("ssh://x")).isInstanceOf(IllegalArgumentException.class);
    }
}
