package dev.berth.image.registry;

import java.net.URI;

/**
 * One base URL to try for a registry domain, e.g. {@code https://registry-1.docker.io}.
 * {@code mirror} endpoints are pull-only and any failure there falls through to the next endpoint.
 */
public record RegistryEndpoint(URI base, boolean mirror) {
    public RegistryEndpoint {
        String s = base.toString();
        if (s.endsWith("/")) base = URI.create(s.substring(0, s.length() - 1));
    }

    /** {@code base + path}; {@code path} starts with {@code /v2/}. */
    public URI resolve(String path) { return URI.create(base + path); }

    @Override public String toString() { return base.toString(); }
}
