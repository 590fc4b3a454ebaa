package dev.berth.api;

import dev.berth.api.http.ApiDispatcher;
import dev.berth.api.http.ExchangeHandler;
import dev.berth.api.http.Router;
import dev.berth.api.routes.ApiRoutes;
import dev.berth.common.error.BerthException;
import dev.berth.core.system.ApiVersions;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.WriteBufferWaterMark;
import io.netty.channel.epoll.EpollEventLoopGroup;
import io.netty.channel.epoll.EpollServerDomainSocketChannel;
import io.netty.channel.epoll.EpollServerSocketChannel;
import io.netty.channel.unix.DomainSocketAddress;
import io.netty.handler.codec.http.DefaultHttpHeaders;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.codec.http.HttpServerExpectContinueHandler;
import io.netty.handler.ssl.SslContext;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.GroupPrincipal;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFilePermission;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Serves the Docker Engine API on the given listeners. Lifecycle: construct, {@link #start()}
 * (binds every listener or throws and binds none), {@link #close()} (stops accepting, closes
 * connections, removes unix socket files it created).
 */
public final class ApiServer implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(ApiServer.class);

    private final List<Listener> listeners;
    private final ApiDispatcher dispatcher;
    private final HttpHeaders commonHeaders;
    private final List<Channel> bound = new ArrayList<>();
    private final List<Path> socketFiles = new ArrayList<>();
    private EventLoopGroup boss;
    private EventLoopGroup workers;

    public ApiServer(ApiServices services, List<Listener> listeners) {
        this(ApiRoutes.all(services), listeners);
    }

    /** Serves the given routes; tests use it to put a route of their own behind the real pipeline. */
    public ApiServer(Router routes, List<Listener> listeners) {
        this.listeners = List.copyOf(listeners);
        this.dispatcher = new ApiDispatcher(routes);
        this.commonHeaders = new DefaultHttpHeaders()
            .add("Api-Version", ApiVersions.CURRENT)
            .add("Docker-Experimental", "false")
            .add("Ostype", "linux")
            .add("Server", "Docker/" + ApiVersions.ENGINE_VERSION + " (linux)");
    }

    public synchronized void start() {
        boss = new EpollEventLoopGroup(1);
        workers = new EpollEventLoopGroup();
        try {
            for (Listener l : listeners) bind(l);
        } catch (RuntimeException e) {
            close();
            throw e;
        }
    }

    private void bind(Listener listener) {
        switch (listener) {
            case Listener.Unix u -> bindUnix(u);
            case Listener.Tcp t -> bindTcp(t);
        }
    }

    private void bindUnix(Listener.Unix u) {
        Path socket = u.socket().toAbsolutePath();
        try {
            Files.createDirectories(socket.getParent());
            removeStaleSocket(socket);
        } catch (IOException e) {
            throw new BerthException.Internal("cannot prepare " + socket + ": " + e.getMessage(), e);
        }
        Channel ch = bootstrap(EpollServerDomainSocketChannel.class, null)
            .bind(new DomainSocketAddress(socket.toString())).syncUninterruptibly().channel();
        bound.add(ch);
        socketFiles.add(socket);
        restrictSocket(socket, u.mode(), u.group());
        LOG.info("API listening on unix://{}", socket);
    }

    private void bindTcp(Listener.Tcp t) {
        SslContext ssl = t.tls() == null ? null : TlsContexts.server(t.tls());
        Channel ch = bootstrap(EpollServerSocketChannel.class, ssl)
            .bind(new InetSocketAddress(t.host(), t.port())).syncUninterruptibly().channel();
        bound.add(ch);
        LOG.info("API listening on tcp://{}:{}{}", t.host(), t.port(),
            ssl == null ? " WITHOUT TLS: anyone who can reach it controls this host" : " (TLS)");
    }

    private ServerBootstrap bootstrap(Class<? extends io.netty.channel.ServerChannel> type, SslContext ssl) {
        return new ServerBootstrap()
            .group(boss, workers)
            .channel(type)
            .childOption(ChannelOption.WRITE_BUFFER_WATER_MARK, new WriteBufferWaterMark(256 * 1024, 1024 * 1024))
            .childHandler(new ChannelInitializer<>() {
                @Override protected void initChannel(Channel ch) {
                    if (ssl != null) ch.pipeline().addLast("tls", ssl.newHandler(ch.alloc()));
                    ch.pipeline().addLast("http", new HttpServerCodec(8192, 64 * 1024, 64 * 1024));
                    ch.pipeline().addLast("continue", new HttpServerExpectContinueHandler());
                    ch.pipeline().addLast("exchange", new ExchangeHandler(dispatcher, commonHeaders));
                }
            });
    }

    /** A socket file left by a crashed daemon is removed; one that still answers is someone else's. */
    private static void removeStaleSocket(Path socket) throws IOException {
        if (!Files.exists(socket, java.nio.file.LinkOption.NOFOLLOW_LINKS)) return;
        try (SocketChannel probe = SocketChannel.open(StandardProtocolFamily.UNIX)) {
            probe.connect(UnixDomainSocketAddress.of(socket));
            throw new BerthException.Conflict("another daemon is listening on " + socket);
        } catch (IOException notListening) {
            Files.delete(socket);
        }
    }

    private static void restrictSocket(Path socket, int mode, String group) {
        try {
            Set<PosixFilePermission> perms = EnumSet.noneOf(PosixFilePermission.class);
            PosixFilePermission[] order = PosixFilePermission.values(); // OWNER_READ … OTHERS_EXECUTE
            for (int bit = 0; bit < 9; bit++) {
                if ((mode & (1 << (8 - bit))) != 0) perms.add(order[bit]);
            }
            Files.setPosixFilePermissions(socket, perms);
            if (group != null && !group.isEmpty()) {
                GroupPrincipal g = socket.getFileSystem().getUserPrincipalLookupService().lookupPrincipalByGroupName(group);
                Files.getFileAttributeView(socket, PosixFileAttributeView.class).setGroup(g);
            }
        } catch (java.nio.file.attribute.UserPrincipalNotFoundException e) {
            LOG.warn("group {} not found; {} keeps group root", group, socket);
        } catch (IOException e) {
            throw new BerthException.Internal("cannot set permissions on " + socket + ": " + e.getMessage(), e);
        }
    }

    @Override
    public synchronized void close() {
        for (Channel ch : bound) ch.close().syncUninterruptibly();
        bound.clear();
        if (boss != null) boss.shutdownGracefully(0, 2, java.util.concurrent.TimeUnit.SECONDS).syncUninterruptibly();
        if (workers != null) workers.shutdownGracefully(0, 2, java.util.concurrent.TimeUnit.SECONDS).syncUninterruptibly();
        for (Path p : socketFiles) {
            try {
                Files.deleteIfExists(p);
            } catch (IOException e) {
                LOG.warn("cannot remove {}: {}", p, e.getMessage());
            }
        }
        socketFiles.clear();
    }
}
