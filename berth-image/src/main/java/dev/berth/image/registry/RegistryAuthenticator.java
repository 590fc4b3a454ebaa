package dev.berth.image.registry;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.berth.common.error.BerthException;
import dev.berth.core.image.RegistryCredentials;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Collection;
import java.util.Optional;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Answers registry auth challenges: Basic credentials, or Bearer tokens from the challenge's realm.
 * Tokens are cached per (realm, service, scopes, credentials) until shortly before they expire, so
 * parallel layer downloads of one pull share one token. Thread-safe; shared by all sessions of a client.
 */
final class RegistryAuthenticator {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration MIN_TOKEN_LIFETIME = Duration.ofSeconds(60);
    private static final Duration EXPIRY_MARGIN = Duration.ofSeconds(5);

    private final HttpClient http;
    private final Duration timeout;
    private final Clock clock;
    private final ConcurrentHashMap<String, CachedToken> tokens = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<URI, AuthChallenge> challenges = new ConcurrentHashMap<>();

    private record CachedToken(String token, Instant expires) {}

    RegistryAuthenticator(HttpClient http, Duration timeout, Clock clock) {
        this.http = http;
        this.timeout = timeout;
        this.clock = clock;
    }

    /** The last challenge {@code endpoint} answered with, so new sessions can authenticate up front. */
    Optional<AuthChallenge> knownChallenge(RegistryEndpoint endpoint) {
        return Optional.ofNullable(challenges.get(endpoint.base()));
    }

    void remember(RegistryEndpoint endpoint, AuthChallenge challenge) {
        challenges.put(endpoint.base(), challenge);
    }

    /**
     * The {@code Authorization} header answering {@code challenge} for {@code scopes}, or empty when
     * the challenge needs credentials we do not have (Basic without a username).
     * Rejected credentials at a token server → {@code Unauthorized}.
     */
    Optional<String> authorization(AuthChallenge challenge, Collection<String> scopes, RegistryCredentials credentials) {
        if (challenge.isBasic()) {
            if (!credentials.hasBasic()) return Optional.empty();
            String pair = credentials.username() + ":" + (credentials.password() == null ? "" : credentials.password());
            return Optional.of("Basic " + Base64.getEncoder().encodeToString(pair.getBytes(StandardCharsets.UTF_8)));
        }
        if (!challenge.isBearer()) return Optional.empty();
        if (notEmpty(credentials.registryToken())) return Optional.of("Bearer " + credentials.registryToken());
        TreeSet<String> allScopes = new TreeSet<>(scopes);
        String challengeScope = challenge.parameter("scope");
        if (notEmpty(challengeScope)) allScopes.addAll(java.util.List.of(challengeScope.split(" ")));
        String key = challenge.parameter("realm") + "|" + challenge.parameter("service") + "|" + allScopes
            + "|" + credentials.username() + "|" + credentialHash(credentials);
        CachedToken cached = tokens.get(key);
        if (cached != null && cached.expires().isAfter(clock.instant())) return Optional.of("Bearer " + cached.token());
        CachedToken fresh = fetchToken(challenge, allScopes, credentials);
        tokens.put(key, fresh);
        return Optional.of("Bearer " + fresh.token());
    }

    /** Forgets cached tokens, e.g. after a registry rejected one that had not expired yet. */
    void invalidateTokens() { tokens.clear(); }

    private CachedToken fetchToken(AuthChallenge challenge, Collection<String> scopes, RegistryCredentials credentials) {
        String realm = challenge.parameter("realm");
        if (!notEmpty(realm)) throw new BerthException.Unavailable("registry sent a Bearer challenge without a realm");
        String service = challenge.parameter("service");
        StringBuilder query = new StringBuilder();
        if (notEmpty(service)) param(query, "service", service);
        for (String scope : scopes) param(query, "scope", scope);
        HttpRequest request;
        if (notEmpty(credentials.identityToken())) {
            // An identity token is an OAuth2 refresh token: exchange it with the form POST docker uses.
            // The OAuth2 form takes all scopes as one space-separated field.
            StringBuilder form = new StringBuilder();
            if (notEmpty(service)) param(form, "service", service);
            if (!scopes.isEmpty()) param(form, "scope", String.join(" ", scopes));
            param(form, "grant_type", "refresh_token");
            param(form, "refresh_token", credentials.identityToken());
            param(form, "client_id", "berth");
            request = HttpRequest.newBuilder(URI.create(realm)).timeout(timeout)
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form.toString())).build();
        } else {
            URI uri = URI.create(realm + (query.isEmpty() ? "" : (realm.contains("?") ? "&" : "?") + query));
            var builder = HttpRequest.newBuilder(uri).timeout(timeout).GET();
            Optional<String> basic = authorization(new AuthChallenge("basic", java.util.Map.of()), scopes, credentials);
            basic.ifPresent(value -> builder.header("Authorization", value));
            request = builder.build();
        }
        HttpResponse<byte[]> response;
        try {
            response = http.send(request, HttpResponse.BodyHandlers.ofByteArray());
        } catch (IOException e) {
            throw RegistryErrors.connection(request.method(), request.uri(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new BerthException.Unavailable("interrupted while fetching a registry token");
        }
        return parseToken(request, response);
    }

    private CachedToken parseToken(HttpRequest request, HttpResponse<byte[]> response) {
        int status = response.statusCode();
        if (status == 401 || status == 403) {
            throw new BerthException.Unauthorized(RegistryErrors.tokenFailure(request.method(), response));
        }
        if (status != 200) {
            throw new BerthException.Unavailable("token request to " + request.uri().getHost() + " failed with status: "
                + status);
        }
        try {
            JsonNode body = JSON.readTree(response.body());
            String token = body.path("token").asText("");
            if (token.isEmpty()) token = body.path("access_token").asText("");
            if (token.isEmpty()) throw new BerthException.Unavailable("token server returned no token");
            long seconds = Math.max(body.path("expires_in").asLong(0), MIN_TOKEN_LIFETIME.toSeconds());
            return new CachedToken(token, clock.instant().plusSeconds(seconds).minus(EXPIRY_MARGIN));
        } catch (IOException e) {
            throw new BerthException.Unavailable("token server returned invalid JSON: " + e.getMessage(), e);
        }
    }

    private static void param(StringBuilder sb, String name, String value) {
        if (!sb.isEmpty()) sb.append('&');
        sb.append(name).append('=').append(URLEncoder.encode(value, StandardCharsets.UTF_8));
    }

    private static boolean notEmpty(String s) { return s != null && !s.isEmpty(); }

    // Keeps tokens of different passwords apart without keeping the password itself in a map key.
    private static String credentialHash(RegistryCredentials c) {
        String secret = c.password() + "\0" + c.identityToken();
        return dev.berth.core.image.Digest.sha256(secret).shortHex();
    }
}
