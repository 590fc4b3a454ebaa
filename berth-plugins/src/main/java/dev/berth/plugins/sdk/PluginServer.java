package dev.berth.plugins.sdk;

import dev.berth.plugins.http.HttpMessage;
import dev.berth.plugins.protocol.ActivateResponse;
import dev.berth.plugins.protocol.PluginProtocol;
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
import java.util.List;
import java.util.Map;

/**
 * Serves plugins ({@link VolumePlugin}, {@link NetworkPlugin}, {@link IpamPlugin}, see
 * {@link Subsystem}) on a unix socket with Docker's legacy plugin protocol: a minimal
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
    private final List<Subsystem> subsystems;
    private final Thread acceptor;

    private PluginServer(Path socket, ServerSocketChannel channel, List<Subsystem> subsystems) {
        this.socket = socket;
        this.channel = channel;
        this.subsystems = subsystems;
        this.acceptor = Thread.ofVirtual().name("plugin-accept").start(this::acceptLoop);
    }

    /** Binds {@code socket} (replacing a stale file) and serves a volume plugin. */
    public static PluginServer serve(Path socket, VolumePlugin plugin) throws IOException {
        return serve(socket, Subsystem.volume(plugin));
    }

    /** Binds {@code socket} (replacing a stale file) and serves one or more plugin APIs on it. */
    public static PluginServer serve(Path socket, Subsystem first, Subsystem... more) throws IOException {
        List<Subsystem> subsystems = new java.util.ArrayList<>(List.of(first));
        subsystems.addAll(List.of(more));
        Files.createDirectories(socket.toAbsolutePath().getParent());
        Files.deleteIfExists(socket);
        ServerSocketChannel ch = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
        ch.bind(UnixDomainSocketAddress.of(socket));
        return new PluginServer(socket, ch, List.copyOf(subsystems));
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
            body = Map.of("Err", e.getMessage() != null ? e.getMessage() : e.toString());
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
        if (path.equals(PluginProtocol.ACTIVATE)) {
            return new ActivateResponse(subsystems.stream().map(Subsystem::name).toList());
        }
        int dot = path.indexOf('.');
        if (!path.startsWith("/") || dot < 0) throw new UnknownMethod(path);
        String name = path.substring(1, dot);
        for (Subsystem subsystem : subsystems) {
            if (subsystem.name().equals(name)) return subsystem.handle(path.substring(dot + 1), body);
        }
        throw new UnknownMethod(path);
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
