package dev.berth.plugins;

import dev.berth.common.error.BerthException;
import dev.berth.plugins.http.HttpMessage;
import dev.berth.plugins.protocol.ActivateResponse;
import dev.berth.plugins.protocol.PluginProtocol;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.Channels;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Function;
import java.util.regex.Pattern;
import javax.net.ssl.SSLContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Calls one legacy plugin: {@code POST /<Method>} with a JSON body, one connection per call, as
 * dockerd does ({@code Accept: application/vnd.docker.plugins.v1.2+json}, {@code Host: plugin}).
 * Only failures to connect are retried (with back-off, see {@link PluginTimeouts}): a call that
 * reached the plugin may have had effects and is never repeated.
 *
 * <p>Threading: thread-safe and stateless between calls; calls block the caller (a virtual thread)
 * at most for their timeout. Errors name the plugin and the call: connection failures and
 * timeouts → {@code Unavailable}; the plugin's own errors → {@code NotFound} when it says a thing
 * does not exist, else {@code Internal}.
 */
public final class PluginClient {
    private static final Logger LOG = LoggerFactory.getLogger(PluginClient.class);
    private static final Pattern NOT_FOUND = Pattern.compile("(?i).*(not found|no such|does not exist|doesn't exist|not exist).*", Pattern.DOTALL);

    private final PluginSpec spec;
    private final PluginTimeouts timeouts;
    private volatile SSLContext ssl;

    public PluginClient(PluginSpec spec, PluginTimeouts timeouts) {
        this.spec = spec;
        this.timeouts = timeouts;
    }

    public String name() { return spec.name(); }

    public PluginSpec spec() { return spec; }

    public PluginTimeouts timeouts() { return timeouts; }

    /** The {@code Plugin.Activate} handshake: the subsystems the plugin implements. */
    public List<String> activate(boolean retry) {
        return call("Plugin.Activate", null, ActivateResponse.class, timeouts.activate(), retry).implementsList();
    }

    /** Calls {@code method} (e.g. {@code VolumeDriver.Create}) and decodes a 200 reply as {@code type}. */
    public <T> T call(String method, Object request, Class<T> type, Duration timeout, boolean retry) {
        Instant start = Instant.now();
        for (int retries = 0; ; retries++) {
            Connection connection;
            try {
                connection = connect();
            } catch (IOException e) {
                Duration pause = timeouts.backoff(retries);
                Duration elapsed = Duration.between(start, Instant.now());
                if (!retry || elapsed.plus(pause).compareTo(timeouts.retryWindow()) >= 0) {
                    throw new BerthException.Unavailable(prefix(method) + "cannot connect to " + spec.address() + ": " + reason(e)
                        + (retry ? " (gave up after " + elapsed.toSeconds() + "s)" : ""), e);
                }
                LOG.warn("Unable to connect to plugin {}: {}, retrying in {}", spec, reason(e), pause);
                sleep(pause);
                continue;
            }
            return exchange(connection, method, request, type, timeout);
        }
    }

    /**
     * {@link #call} without retries for libnetwork's protocols, whose 200 reply may still carry an
     * error ({@code {"Err": "..."}}, read by {@code err}): a non-empty one is the plugin's
     * {@link #failure}. The network and IPAM drivers share it so both classify such errors alike.
     */
    public <T> T callChecked(String method, Object request, Class<T> type, Function<T, String> err, Duration timeout) {
        T reply = call(method, request, type, timeout, false);
        String text = err.apply(reply);
        if (text != null && !text.isEmpty()) throw failure(method, text);
        return reply;
    }

    private <T> T exchange(Connection connection, String method, Object request, Class<T> type, Duration timeout) {
        AtomicBoolean timedOut = new AtomicBoolean();
        Thread watchdog = Thread.ofVirtual().start(() -> {
            try {
                Thread.sleep(timeout);
                timedOut.set(true);
                connection.close();
            } catch (InterruptedException | IOException ignored) {
                // the call finished in time
            }
        });
        HttpMessage response;
        try (connection) {
            requestMessage(method, request).write(connection.out());
            response = HttpMessage.read(connection.in(), true);
            if (response == null) throw new IOException("the plugin closed the connection without answering");
        } catch (IOException e) {
            if (timedOut.get()) {
                throw new BerthException.Unavailable(prefix(method) + "no answer within " + timeout.toSeconds() + "s", e);
            }
            throw new BerthException.Unavailable(prefix(method) + reason(e), e);
        } finally {
            watchdog.interrupt();
        }
        return decode(method, response, type);
    }

    private <T> T decode(String method, HttpMessage response, Class<T> type) {
        String body = new String(response.body(), StandardCharsets.UTF_8);
        if (response.status() != 200) {
            String text = errorText(body);
            if (response.status() == 404 && text == null) {
                throw new BerthException.NotImplemented(prefix(method) + "the plugin does not implement " + method);
            }
            throw failure(method, text != null ? text : "Plugin Error: " + method + ", " + body.strip());
        }
        try {
            return body.isBlank() ? PluginProtocol.JSON.readValue("{}", type) : PluginProtocol.JSON.readValue(body, type);
        } catch (IOException e) {
            throw new BerthException.Internal(prefix(method) + "invalid reply: " + e.getMessage(), e);
        }
    }

    /** An error the plugin reported, classified by its wording (the protocol carries no error kinds). */
    public BerthException failure(String method, String text) {
        String message = prefix(method) + text;
        return NOT_FOUND.matcher(text).matches() ? new BerthException.NotFound(message) : new BerthException.Internal(message);
    }

    private static String errorText(String body) {
        try {
            var node = PluginProtocol.JSON.readTree(body);
            for (String key : List.of("Err", "Error", "err", "error")) {
                if (node != null && node.hasNonNull(key) && !node.get(key).asText().isEmpty()) return node.get(key).asText();
            }
        } catch (IOException ignored) {
            // not JSON: the caller shows the body as it is
        }
        return null;
    }

    private String prefix(String method) {
        return "plugin \"" + spec.name() + "\": " + method + ": ";
    }

    private static HttpMessage requestMessage(String method, Object request) throws IOException {
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("Host", "plugin");
        headers.put("Accept", PluginProtocol.MEDIA_TYPE);
        headers.put("Content-Type", "application/json");
        headers.put("Connection", "close");
        byte[] body = request == null ? "{}".getBytes(StandardCharsets.UTF_8) : PluginProtocol.JSON.writeValueAsBytes(request);
        return new HttpMessage("POST /" + method + " HTTP/1.1", headers, body);
    }

    private record Connection(InputStream in, OutputStream out, Closeable closer) implements Closeable {
        @Override public void close() throws IOException { closer.close(); }
    }

    private Connection connect() throws IOException {
        String scheme = spec.address().getScheme();
        if (scheme.equals("unix")) {
            SocketChannel ch = SocketChannel.open(StandardProtocolFamily.UNIX);
            try {
                ch.connect(UnixDomainSocketAddress.of(spec.address().getPath()));
            } catch (IOException e) {
                ch.close();
                throw e;
            }
            return new Connection(Channels.newInputStream(ch), Channels.newOutputStream(ch), ch);
        }
        String host = spec.address().getHost();
        int port = spec.address().getPort() > 0 ? spec.address().getPort() : scheme.equals("https") ? 443 : 80;
        Socket socket = new Socket();
        socket.connect(new InetSocketAddress(host, port), (int) Math.min(timeouts.activate().toMillis(), Integer.MAX_VALUE));
        if (spec.tls() != null || scheme.equals("https")) {
            if (ssl == null) ssl = spec.tls() != null ? PluginTls.context(spec.tls()) : defaultContext();
            socket = ssl.getSocketFactory().createSocket(socket, host, port, true);
        }
        Socket s = socket;
        return new Connection(s.getInputStream(), s.getOutputStream(), s);
    }

    private static SSLContext defaultContext() {
        try {
            return SSLContext.getDefault();
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new BerthException.Internal("no TLS support: " + e.getMessage(), e);
        }
    }

    private static String reason(IOException e) {
        return e.getMessage() != null ? e.getMessage() : e.getClass().getSimpleName();
    }

    private static void sleep(Duration d) {
        try {
            Thread.sleep(d);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new BerthException.Unavailable("interrupted while waiting for a plugin", e);
        }
    }
}
