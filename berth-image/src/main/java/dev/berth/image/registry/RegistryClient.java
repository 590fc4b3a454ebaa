package dev.berth.image.registry;

import dev.berth.common.error.BerthException;
import dev.berth.core.image.ImageReference;
import dev.berth.core.image.RegistryCredentials;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Entry point to remote registries (OCI distribution API v2), independent of any local store.
 * Opens {@link RegistryRepository} sessions with the right endpoints and auth scopes, and checks
 * logins. One instance per daemon: it holds the HTTP connection pool and the token cache.
 * Thread-safe.
 */
public final class RegistryClient {
    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(60);

    private final RegistrySettings settings;
    private final HttpClient http;
    private final Duration timeout;
    private final RegistryAuthenticator authenticator;

    public RegistryClient(RegistrySettings settings) {
        this(settings, defaultHttpClient(), DEFAULT_TIMEOUT);
    }

    /**
     * @param http    must not follow redirects itself (we strip credentials on cross-host hops)
     * @param timeout per request until response headers arrive; blob bodies may stream longer
     */
    public RegistryClient(RegistrySettings settings, HttpClient http, Duration timeout) {
        this.settings = settings;
        this.http = http;
        this.timeout = timeout;
        this.authenticator = new RegistryAuthenticator(http, timeout, Clock.systemUTC());
    }

    /**
     * Bounds TCP connect plus TLS handshake. dockerd gives the handshake 10 s; we need it short
     * for the same reason: an insecure registry is tried over https first, and a plain-http server
     * that never answers a TLS hello would otherwise stall every pull until the request timeout.
     */
    public static final Duration DEFAULT_CONNECT_TIMEOUT = Duration.ofSeconds(15);

    public static HttpClient defaultHttpClient() {
        return defaultHttpClient(DEFAULT_CONNECT_TIMEOUT);
    }

    /** HTTP/1.1 (registries and their proxies speak it best) and no automatic redirects. */
    public static HttpClient defaultHttpClient(Duration connectTimeout) {
        return HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .followRedirects(HttpClient.Redirect.NEVER).connectTimeout(connectTimeout).build();
    }

    public RegistrySettings settings() { return settings; }

    /** A pull session for {@code name}'s repository (scope {@code repository:<path>:pull}); mirrors apply. */
    public RegistryRepository forPull(ImageReference name, RegistryCredentials credentials) {
        return open(name, credentials, true, List.of("repository:" + name.path() + ":pull"));
    }

    /**
     * A push session (scope {@code pull,push}) that may also mount blobs from {@code mountSources}
     * (repository paths in the same registry; each adds a {@code repository:<from>:pull} scope).
     */
    public RegistryRepository forPush(ImageReference name, RegistryCredentials credentials, Collection<String> mountSources) {
        LinkedHashSet<String> scopes = new LinkedHashSet<>();
        scopes.add("repository:" + name.path() + ":pull,push");
        for (String from : mountSources) if (!from.equals(name.path())) scopes.add("repository:" + from + ":pull");
        return open(name, credentials, false, List.copyOf(scopes));
    }

    private RegistryRepository open(ImageReference name, RegistryCredentials credentials, boolean pull, List<String> scopes) {
        RegistryCredentials c = credentials == null ? RegistryCredentials.NONE : credentials;
        List<RegistryTransport> transports = new ArrayList<>();
        for (RegistryEndpoint e : settings.endpoints(name.domain(), pull)) {
            transports.add(new RegistryTransport(http, authenticator, e, c, scopes, timeout));
        }
        return new RegistryRepository(name, c, transports);
    }

    /**
     * {@code docker login}: pings {@code /v2/} of the credentials' server (Docker Hub when none),
     * answers its challenge with the credentials and returns {@code "Login Succeeded"}.
     * Rejected credentials → {@code Unauthorized}; unreachable registry → {@code Unavailable}.
     */
    public String login(RegistryCredentials credentials) {
        RegistryCredentials c = credentials == null ? RegistryCredentials.NONE : credentials;
        String domain = domainOf(c.serverAddress());
        BerthException last = null;
        for (RegistryEndpoint e : settings.endpoints(domain, false)) {
            var transport = new RegistryTransport(http, authenticator, e, c, List.of(), timeout);
            URI ping = e.resolve("/v2/");
            try {
                var response = transport.send(RegistryTransport.Call.of("GET", ping, Map.of()), HttpResponse.BodyHandlers.ofByteArray());
                int status = response.statusCode();
                if (status == 200) return "Login Succeeded";
                if (status == 401) {
                    throw new BerthException.Unauthorized("login attempt to " + ping + " failed with status: 401 Unauthorized");
                }
                throw RegistryErrors.forStatus("GET", ping, status, response.body());
            } catch (BerthException.Unavailable ex) {
                last = ex;
            }
        }
        if (last == null) throw new BerthException.Unavailable("no registry endpoint to reach " + domain + " (Docker Hub is switched off)");
        throw last;
    }

    /** {@code https://index.docker.io/v1/} → {@code docker.io}; {@code http://h:5000/x} → {@code h:5000}. */
    static String domainOf(String serverAddress) {
        if (serverAddress == null || serverAddress.isBlank()) return ImageReference.DEFAULT_DOMAIN;
        String s = serverAddress.trim();
        int scheme = s.indexOf("://");
        if (scheme >= 0) s = s.substring(scheme + 3);
        int slash = s.indexOf('/');
        if (slash >= 0) s = s.substring(0, slash);
        s = s.toLowerCase(Locale.ROOT);
        if (s.equals("index.docker.io") || s.equals("registry-1.docker.io") || s.equals("docker.io")) {
            return ImageReference.DEFAULT_DOMAIN;
        }
        return s;
    }
}
