package dev.berth.daemon;

import dev.berth.api.ApiServer;
import dev.berth.api.Listener;
import dev.berth.common.error.BerthException;
import dev.berth.daemon.config.DaemonConfig;
import dev.berth.daemon.config.HostAddress;
import java.io.IOException;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One running engine: holds the data-root lock, the pidfile, the services and the API server.
 * {@link #start()} acquires them in order; {@link #close()} releases whatever was acquired, in
 * reverse, and may run from a shutdown hook at any point during or after {@code start}.
 */
public final class Daemon implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(Daemon.class);
    /** dockerd's socket mode: owner and group may connect. */
    static final int SOCKET_MODE = 0660;

    private final DaemonConfig config;
    private DataRootLock lock;
    private PidFile pidFile;
    private DaemonComponents components;
    private ApiServer server;
    private boolean closed;

    public Daemon(DaemonConfig config) {
        this.config = config;
    }

    public synchronized void start() {
        if (closed) throw new IllegalStateException("daemon already closed");
        createDirectory(config.dataRoot(), "rwx--x--x");
        createDirectory(config.execRoot(), "rwx------");
        lock = DataRootLock.acquire(config.dataRoot());
        pidFile = PidFile.create(config.pidfile());
        List<String> warnings = new ArrayList<>();
        List<Listener> listeners = listeners(warnings);
        components = Wiring.build(config, warnings);
        server = new ApiServer(components.apiServices(), listeners);
        server.start();
        log.info("berthd started: data-root={} exec-root={} pid={} listening on {}", config.dataRoot(),
            config.execRoot(), ProcessHandle.current().pid(), config.hosts());
    }

    private List<Listener> listeners(List<String> warnings) {
        List<Listener> listeners = new ArrayList<>();
        for (HostAddress host : config.hosts()) {
            switch (host) {
                case HostAddress.Unix unix -> {
                    prepareSocketPath(unix.socket());
                    listeners.add(new Listener.Unix(unix.socket(), SOCKET_MODE, config.group()));
                }
                case HostAddress.Tcp tcp -> {
                    var tls = config.tls();
                    int port = tcp.portOr(tls != null);
                    if (tls == null) {
                        String where = "http://" + tcp.host() + ":" + port;
                        warnInsecure(where);
                        warnings.add("WARNING: API is accessible on " + where + " without encryption.\n"
                            + "         Access to the remote API is equivalent to root access on the host.");
                        listeners.add(new Listener.Tcp(tcp.host(), port, null));
                    } else {
                        if (!tls.verifyClients()) {
                            warnings.add("WARNING: API is accessible on https://" + tcp.host() + ":" + port
                                + " without client verification (--tlsverify).");
                        }
                        listeners.add(new Listener.Tcp(tcp.host(), port,
                            new Listener.Tls(tls.cert(), tls.key(), tls.caCert(), tls.verifyClients())));
                    }
                }
            }
        }
        return listeners;
    }

    private static void warnInsecure(String where) {
        log.warn("""
            ************************************************************************
            * INSECURE: the Docker API is served on {} WITHOUT TLS (--insecure-tcp).
            * Anyone who can reach this port controls this host as root.
            * Use --tlsverify with --tlscacert/--tlscert/--tlskey instead.
            ************************************************************************""", where);
    }

    /** Creates the socket's directory and removes a stale socket a crashed daemon left behind. */
    private static void prepareSocketPath(Path socket) {
        try {
            Files.createDirectories(socket.getParent());
            if (!Files.exists(socket, LinkOption.NOFOLLOW_LINKS)) return;
            var attrs = Files.readAttributes(socket, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
            if (!attrs.isOther()) {
                throw new BerthException.Conflict("cannot listen on " + socket + ": the path exists and is not a socket");
            }
            if (answers(socket)) {
                throw new BerthException.Conflict("cannot listen on " + socket + ": another daemon is serving it");
            }
            log.info("removing stale socket {}", socket);
            Files.deleteIfExists(socket);
        } catch (IOException e) {
            throw new BerthException.Internal("cannot prepare socket " + socket + ": " + e.getMessage(), e);
        }
    }

    private static boolean answers(Path socket) {
        try (SocketChannel probe = SocketChannel.open(UnixDomainSocketAddress.of(socket))) {
            return probe.isConnected();
        } catch (IOException refused) {
            return false;
        }
    }

    private static void createDirectory(Path dir, String perms) {
        try {
            if (!Files.isDirectory(dir)) {
                Files.createDirectories(dir);
                Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString(perms));
            }
        } catch (IOException e) {
            throw new BerthException.Internal("cannot create " + dir + ": " + e.getMessage(), e);
        }
    }

    @Override
    public synchronized void close() {
        if (closed) return;
        closed = true;
        if (server != null) {
            log.info("berthd shutting down");
            run("API server", server::close);
        }
        if (components != null) run("services", components::close);
        if (pidFile != null) run("pidfile", pidFile::close);
        if (lock != null) run("data-root lock", lock::close);
        if (server != null) log.info("berthd stopped");
    }

    private static void run(String what, Runnable action) {
        try {
            action.run();
        } catch (RuntimeException e) {
            log.warn("error closing {}: {}", what, e.toString());
        }
    }
}
