package dev.berth.client;

import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.UnixDomainSocketAddress;
import java.net.URI;
import java.nio.file.Path;

/** Where the engine listens, as {@code DOCKER_HOST} spells it: {@code unix:///path} or {@code tcp://host:port}. */
public sealed interface EngineAddress {
    String DEFAULT = "unix:///run/berth/berth.sock";

    SocketAddress socketAddress();

    record Unix(Path socket) implements EngineAddress {
        @Override public SocketAddress socketAddress() { return UnixDomainSocketAddress.of(socket); }
        @Override public String toString() { return "unix://" + socket; }
    }

    record Tcp(String host, int port) implements EngineAddress {
        @Override public SocketAddress socketAddress() { return new InetSocketAddress(host, port); }
        @Override public String toString() { return "tcp://" + host + ":" + port; }
    }

    static EngineAddress parse(String text) {
        if (text.startsWith("unix://")) {
            String path = text.substring("unix://".length());
            if (!path.startsWith("/")) throw new IllegalArgumentException("invalid host " + text + ": socket path must be absolute");
            return new Unix(Path.of(path));
        }
        if (text.startsWith("tcp://")) {
            URI uri = URI.create(text);
            if (uri.getHost() == null) throw new IllegalArgumentException("invalid host " + text);
            return new Tcp(uri.getHost(), uri.getPort() < 0 ? 2375 : uri.getPort());
        }
        throw new IllegalArgumentException("unsupported host " + text + " (use unix:///path or tcp://host:port)");
    }
}
