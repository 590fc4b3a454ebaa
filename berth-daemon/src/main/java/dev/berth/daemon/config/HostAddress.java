package dev.berth.daemon.config;

import dev.berth.common.error.BerthException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Path;

/** One {@code -H} value: a unix socket path or a TCP host and port. Parsed as dockerd does. */
public sealed interface HostAddress {
    Path DEFAULT_SOCKET = Path.of("/run/berth/berth.sock");
    /** dockerd: an empty tcp host means localhost, never all interfaces. */
    String DEFAULT_TCP_HOST = "127.0.0.1";
    int DEFAULT_PORT = 2375;
    int DEFAULT_TLS_PORT = 2376;

    record Unix(Path socket) implements HostAddress {
        @Override public String toString() { return "unix://" + socket; }
    }

    /** {@code port} 0 means "the default port", which depends on whether TLS is on. */
    record Tcp(String host, int port) implements HostAddress {
        public int portOr(boolean tls) { return port != 0 ? port : tls ? DEFAULT_TLS_PORT : DEFAULT_PORT; }

        @Override public String toString() {
            return "tcp://" + (host.contains(":") ? "[" + host + "]" : host) + (port == 0 ? "" : ":" + port);
        }
    }

    /**
     * Parses {@code unix:///path}, {@code unix://} (the default socket), {@code tcp://host:port},
     * {@code tcp://:port}, {@code host:port}. {@code fd://} (socket activation) is refused.
     */
    static HostAddress parse(String value) {
        String v = value.strip();
        if (v.isEmpty()) throw invalid(value, "empty address");
        if (v.startsWith("unix://")) {
            String path = v.substring("unix://".length());
            if (path.isEmpty()) return new Unix(DEFAULT_SOCKET);
            if (!path.startsWith("/")) throw invalid(value, "the socket path must be absolute");
            return new Unix(Path.of(path));
        }
        if (v.startsWith("fd://")) throw invalid(value, "fd:// (socket activation) is not supported by berthd");
        if (v.startsWith("npipe://") || v.startsWith("ssh://")) throw invalid(value, "unsupported protocol");
        if (v.startsWith("tcp://")) return parseTcp(value, v);
        if (v.contains("://")) throw invalid(value, "unsupported protocol");
        if (v.startsWith("/")) throw invalid(value, "did you mean unix://" + v + "?");
        return parseTcp(value, "tcp://" + v);
    }

    private static Tcp parseTcp(String original, String v) {
        URI uri;
        try {
            String rest = v.substring("tcp://".length());
            if (rest.startsWith(":")) rest = DEFAULT_TCP_HOST + rest;
            if (rest.isEmpty()) rest = DEFAULT_TCP_HOST;
            uri = new URI("tcp://" + rest);
        } catch (URISyntaxException e) {
            throw invalid(original, e.getMessage());
        }
        if (uri.getHost() == null) throw invalid(original, "missing or malformed host");
        if ((uri.getPath() != null && !uri.getPath().isEmpty()) || uri.getQuery() != null || uri.getUserInfo() != null) {
            throw invalid(original, "no path, query or user may follow host:port");
        }
        String host = uri.getHost();
        if (host.startsWith("[") && host.endsWith("]")) host = host.substring(1, host.length() - 1);
        if (host.equals("localhost")) host = DEFAULT_TCP_HOST;
        int port = uri.getPort() < 0 ? 0 : uri.getPort();
        if (port > 65535) throw invalid(original, "port out of range");
        return new Tcp(host, port);
    }

    private static BerthException.InvalidArgument invalid(String value, String why) {
        return new BerthException.InvalidArgument("invalid host address " + value + ": " + why);
    }
}
