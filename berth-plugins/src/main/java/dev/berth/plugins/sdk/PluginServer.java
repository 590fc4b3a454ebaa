package dev.berth.plugins.sdk;

import dev.berth.plugins.http.HttpMessage;
import dev.berth.plugins.protocol.ActivateResponse;
import dev.berth.plugins.protocol.PluginProtocol;
import dev.berth.plugins.protocol.VolumeRequest;
import dev.berth.plugins.protocol.VolumeResponse;
import dev.berth.plugins.protocol.WireVolume;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.Channels;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Map;

/**
 * Serves a {@link VolumePlugin} on a unix socket with Docker's legacy plugin protocol: a minimal
 * HTTP/1.1 server (the JDK's own cannot listen on unix sockets) with one virtual thread per
 * connection and keep-alive. Failures answer HTTP 500 with {@code {"Err": message}}, as Docker's
 * Go plugin helpers do. {@link #close()} stops accepting and deletes the socket file.
 *
 * <pre>{@code
 * try (var server = PluginServer.serve(Path.of("/run/docker/plugins/mine.sock"), new MyPlugin())) {
 *     server.await();
 * }
 * }</pre>
 */
public final class PluginServer implements AutoCloseable {
    private final Path socket;
    private final ServerSocketChannel channel;
    private final VolumePlugin plugin;
    private final Thread acceptor;

    private PluginServer(Path socket, ServerSocketChannel channel, VolumePlugin plugin) {
        this.socket = socket;
        this.channel = channel;
        this.plugin = plugin;
        this.acceptor = Thread.ofVirtual().name("plugin-accept").start(this::acceptLoop);
    }

    /** Binds {@code socket} (replacing a stale file) and starts serving. */
    public static PluginServer serve(Path socket, VolumePlugin plugin) throws IOException {
        Files.createDirectories(socket.toAbsolutePath().getParent());
        Files.deleteIfExists(socket);
        ServerSocketChannel ch = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
        ch.bind(UnixDomainSocketAddress.of(socket));
        return new PluginServer(socket, ch, plugin);
    }

    public Path socket() { return socket; }

    /** Blocks until {@link #close()} (from a shutdown hook, say). */
    public void await() throws InterruptedException {
        acceptor.join();
    }

    private void acceptLoop() {
        while (channel.isOpen()) {
            try {
                SocketChannel client = channel.accept();
                Thread.ofVirtual().start(() -> serveConnection(client));
            } catch (IOException e) {
                if (!channel.isOpen()) return;
            }
        }
    }

    private void serveConnection(SocketChannel client) {
        try (client; InputStream in = Channels.newInputStream(client); OutputStream out = Channels.newOutputStream(client)) {
            while (true) {
                HttpMessage request = HttpMessage.read(in, false);
                if (request == null) return;
                respond(request).write(out);
                if ("close".equalsIgnoreCase(request.header("Connection"))) return;
            }
        } catch (IOException ignored) {
            // the client went away; nothing to answer
        }
    }

    private HttpMessage respond(HttpMessage request) {
        int status = 200;
        Object body;
        try {
            body = dispatch(request.path(), request.body());
        } catch (UnknownMethod e) {
            status = 404;
            body = Map.of("Err", e.getMessage());
        } catch (RuntimeException e) {
            status = 500;
            body = VolumeResponse.failure(e.getMessage() != null ? e.getMessage() : e.toString());
        }
        byte[] json;
        try {
            json = PluginProtocol.JSON.writeValueAsBytes(body);
        } catch (IOException e) {
            status = 500;
            json = "{\"Err\":\"cannot encode the reply\"}".getBytes(java.nio.charset.StandardCharsets.UTF_8);
        }
        return new HttpMessage("HTTP/1.1 " + status + (status == 200 ? " OK" : " Error"),
            Map.of("Content-Type", PluginProtocol.MEDIA_TYPE), json);
    }

    private Object dispatch(String path, byte[] body) {
        if (path.equals(PluginProtocol.ACTIVATE)) return new ActivateResponse(List.of(PluginProtocol.VOLUME_DRIVER));
        VolumeRequest r = decode(body);
        return switch (path) {
            case "/VolumeDriver.Create" -> {
                plugin.create(r.name(), r.opts() == null ? Map.of() : r.opts());
                yield VolumeResponse.empty();
            }
            case "/VolumeDriver.Remove" -> {
                plugin.remove(r.name());
                yield VolumeResponse.empty();
            }
            case "/VolumeDriver.Mount" -> new VolumeResponse(plugin.mount(r.name(), r.id()), null, null, null, null, null);
            case "/VolumeDriver.Unmount" -> {
                plugin.unmount(r.name(), r.id());
                yield VolumeResponse.empty();
            }
            case "/VolumeDriver.Path" -> new VolumeResponse(plugin.path(r.name()), null, null, null, null, null);
            case "/VolumeDriver.Get" -> new VolumeResponse(null, wire(plugin.get(r.name())), null, null, null, null);
            case "/VolumeDriver.List" -> new VolumeResponse(null, null, plugin.list().stream().map(PluginServer::wire).toList(), null, null, null);
            case "/VolumeDriver.Capabilities" -> new VolumeResponse(null, null, null, new VolumeResponse.Capabilities(plugin.scope()), null, null);
            default -> throw new UnknownMethod(path);
        };
    }

    private static VolumeRequest decode(byte[] body) {
        try {
            if (body.length == 0) return new VolumeRequest(null, null, null);
            VolumeRequest r = PluginProtocol.JSON.readValue(body, VolumeRequest.class);
            return r == null ? new VolumeRequest(null, null, null) : r;
        } catch (IOException e) {
            throw new IllegalArgumentException("invalid request body: " + e.getMessage(), e);
        }
    }

    private static WireVolume wire(VolumePlugin.Info v) {
        String created = v.createdAt() == null ? null
            : DateTimeFormatter.ISO_OFFSET_DATE_TIME.format(v.createdAt().atOffset(ZoneOffset.UTC));
        return new WireVolume(v.name(), v.mountpoint(), created, v.status());
    }

    /** A path this server does not serve: 404, so the engine knows the method is not implemented. */
    private static final class UnknownMethod extends RuntimeException {
        UnknownMethod(String path) { super("unknown method " + path); }
    }

    @Override
    public void close() {
        try {
            channel.close();
        } catch (IOException ignored) {
            // closing is best effort; the socket file goes anyway
        }
        try {
            Files.deleteIfExists(socket);
        } catch (IOException ignored) {
            // already gone
        }
    }
}
