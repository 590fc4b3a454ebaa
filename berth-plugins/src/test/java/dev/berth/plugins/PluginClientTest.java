package dev.berth.plugins;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.berth.common.error.BerthException;
import dev.berth.plugins.http.HttpMessage;
import dev.berth.plugins.protocol.VolumeResponse;
import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.URI;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.Channels;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Function;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The client against scripted plugins: what goes on the wire, retries, error keys, timeouts. */
class PluginClientTest {
    static final PluginTimeouts FAST = new PluginTimeouts(Duration.ofSeconds(2), Duration.ofSeconds(1), Duration.ofSeconds(1),
        Duration.ofSeconds(3), Duration.ofMillis(200));

    @TempDir Path dir;
    private final List<ScriptedPlugin> servers = new ArrayList<>();

    @AfterEach
    void stop() throws IOException {
        for (ScriptedPlugin s : servers) s.close();
    }

    @Test
    void requestsCarryDockersHeadersAndJson() throws Exception {
        ScriptedPlugin plugin = start("p1", req -> reply(200, "{\"Implements\":[\"VolumeDriver\"]}"));
        assertThat(client("p1").activate(false)).containsExactly("VolumeDriver");
        HttpMessage seen = plugin.requests.getFirst();
        assertThat(seen.startLine()).isEqualTo("POST /Plugin.Activate HTTP/1.1");
        assertThat(seen.header("Accept")).isEqualTo("application/vnd.docker.plugins.v1.2+json");
        assertThat(seen.header("Host")).isEqualTo("plugin");
    }

    @Test
    void connectionRefusedIsRetriedUntilThePluginComesUp() throws Exception {
        Thread.ofVirtual().start(() -> {
            try {
                Thread.sleep(500);
                start("late", req -> reply(200, "{\"Implements\":[\"VolumeDriver\"]}"));
            } catch (Exception e) {
                throw new RuntimeException(e);
            }
        });
        assertThat(client("late").activate(true)).containsExactly("VolumeDriver");
    }

    @Test
    void aPluginThatStaysDownGivesUpAfterTheRetryWindowNamingPluginAndCall() {
        Instant start = Instant.now();
        assertThatThrownBy(() -> client("gone").activate(true)).isInstanceOf(BerthException.Unavailable.class)
            .hasMessageStartingWith("plugin \"gone\": Plugin.Activate: cannot connect to unix://");
        assertThat(Duration.between(start, Instant.now())).isBetween(Duration.ofMillis(1000), Duration.ofSeconds(5));
        Instant once = Instant.now();
        assertThatThrownBy(() -> client("gone").activate(false)).isInstanceOf(BerthException.Unavailable.class);
        assertThat(Duration.between(once, Instant.now())).isLessThan(Duration.ofMillis(500));
    }

    @Test
    void errorsComeAsErrOrErrorAndAreNotRetried() throws Exception {
        ScriptedPlugin plugin = start("bad", req -> req.path().endsWith("Get")
            ? reply(500, "{\"Error\":\"no such volume: v\"}")
            : reply(200, "{\"Err\":\"disk on fire\"}"));
        var driver = new RemoteVolumeDriver(client("bad"));
        assertThatThrownBy(() -> driver.create("v", Map.of())).isInstanceOf(BerthException.Internal.class)
            .hasMessage("plugin \"bad\": VolumeDriver.Create: disk on fire");
        assertThatThrownBy(() -> driver.get("v")).isInstanceOf(BerthException.NotFound.class)
            .hasMessage("plugin \"bad\": VolumeDriver.Get: no such volume: v");
        assertThat(plugin.requests).hasSize(2);
    }

    @Test
    void nonJsonErrorsAndUnknownMethodsAreReported() throws Exception {
        start("odd", req -> req.path().endsWith("Capabilities") ? reply(404, "404 page not found") : reply(500, "boom"));
        var driver = new RemoteVolumeDriver(client("odd"));
        assertThatThrownBy(() -> driver.remove("v")).hasMessage("plugin \"odd\": VolumeDriver.Remove: Plugin Error: VolumeDriver.Remove, boom");
        assertThat(driver.scope()).isEqualTo(dev.berth.core.volume.Volume.Scope.LOCAL);
    }

    @Test
    void aPluginThatDoesNotAnswerTimesOut() throws Exception {
        start("slow", req -> {
            try {
                Thread.sleep(5000);
            } catch (InterruptedException ignored) {
                // closed
            }
            return reply(200, "{}");
        });
        Instant start = Instant.now();
        assertThatThrownBy(() -> new RemoteVolumeDriver(client("slow")).list()).isInstanceOf(BerthException.Unavailable.class)
            .hasMessage("plugin \"slow\": VolumeDriver.List: no answer within 1s");
        assertThat(Duration.between(start, Instant.now())).isLessThan(Duration.ofSeconds(3));
    }

    @Test
    void listAndGetDecodeVolumes() throws Exception {
        start("ok", req -> reply(200, req.path().endsWith("List")
            ? "{\"Volumes\":[{\"Name\":\"a\",\"Mountpoint\":\"/x/a\",\"CreatedAt\":\"2024-01-02T03:04:05Z\",\"Status\":{\"n\":1}}]}"
            : "{\"Capabilities\":{\"Scope\":\"global\"}}"));
        var driver = new RemoteVolumeDriver(client("ok"));
        var a = driver.list().getFirst();
        assertThat(a.name()).isEqualTo("a");
        assertThat(a.createdAt()).isEqualTo(Instant.parse("2024-01-02T03:04:05Z"));
        assertThat(a.status()).containsEntry("n", "1");
        assertThat(driver.scope()).isEqualTo(dev.berth.core.volume.Volume.Scope.GLOBAL);
    }

    private PluginClient client(String name) {
        return new PluginClient(new PluginSpec(name, URI.create("unix://" + dir.resolve(name + ".sock")), null), FAST);
    }

    private ScriptedPlugin start(String name, Function<HttpMessage, HttpMessage> script) throws IOException {
        ScriptedPlugin p = new ScriptedPlugin(dir.resolve(name + ".sock"), script);
        servers.add(p);
        return p;
    }

    static HttpMessage reply(int status, String body) {
        return new HttpMessage("HTTP/1.1 " + status + " X", Map.of(), body.getBytes(StandardCharsets.UTF_8));
    }

    /** A plugin whose every answer is scripted, recording the requests it got. */
    static final class ScriptedPlugin implements AutoCloseable {
        final List<HttpMessage> requests = new CopyOnWriteArrayList<>();
        private final ServerSocketChannel channel;

        ScriptedPlugin(Path socket, Function<HttpMessage, HttpMessage> script) throws IOException {
            channel = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
            channel.bind(UnixDomainSocketAddress.of(socket));
            Thread.ofVirtual().start(() -> {
                while (channel.isOpen()) {
                    try {
                        SocketChannel c = channel.accept();
                        Thread.ofVirtual().start(() -> {
                            try (c) {
                                HttpMessage req = HttpMessage.read(Channels.newInputStream(c), false);
                                requests.add(req);
                                script.apply(req).write(Channels.newOutputStream(c));
                            } catch (IOException ignored) {
                                // client gone
                            }
                        });
                    } catch (IOException e) {
                        return;
                    }
                }
            });
        }

        @Override public void close() throws IOException { channel.close(); }
    }
}
