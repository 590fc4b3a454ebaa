package dev.berth.api;

import java.nio.file.Path;

/** Where the API server accepts connections ({@code -H unix://…}, {@code -H tcp://…}). */
public sealed interface Listener {

    /** A unix socket created with {@code mode} (e.g. 0660) and owned by {@code group} when it exists. */
    record Unix(Path socket, int mode, String group) implements Listener {}

    /** A TCP socket; {@code tls} null means plain HTTP, allowed only when the operator asked for it. */
    record Tcp(String host, int port, Tls tls) implements Listener {}

    /**
     * Server TLS as dockerd's flags: certificate and key (PEM), and with {@code verifyClients} a CA
     * whose signed client certificates alone may connect (mutual TLS).
     */
    record Tls(Path cert, Path key, Path caCert, boolean verifyClients) {}
}
