package dev.berth.image.registry;

import dev.berth.common.error.BerthException;
import dev.berth.core.image.Digest;
import dev.berth.core.image.ImageReference;
import dev.berth.core.image.RegistryCredentials;
import java.net.URI;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.LongConsumer;

/**
 * The distribution API of one repository ({@code /v2/<name>/…}): manifests and blobs, with
 * dockerd's endpoint fallback (mirrors, then upstream; https, then http for insecure registries).
 * The first call that gets an answer binds the session to that endpoint; later calls use it only.
 * Thread-safe once bound; make the first call (a manifest fetch or an existence check) on one thread.
 */
public final class RegistryRepository {
    private final ImageReference name;
    private final RegistryCredentials credentials;
    private final List<RegistryTransport> candidates;
    private volatile RegistryTransport bound;

    RegistryRepository(ImageReference name, RegistryCredentials credentials, List<RegistryTransport> candidates) {
        if (candidates.isEmpty()) throw new IllegalArgumentException("no endpoints for " + name.domain());
        this.name = name;
        this.credentials = credentials;
        this.candidates = List.copyOf(candidates);
    }

    public ImageReference name() { return name; }

    /** The endpoint in use, or the first candidate before any call succeeded. */
    public RegistryEndpoint endpoint() { return (bound != null ? bound : candidates.getFirst()).endpoint(); }

    /**
     * Fetches the manifest for a tag or {@code sha256:} digest and checks its bytes against the
     * requested digest or the registry's {@code Docker-Content-Digest}. Unknown tag or repository →
     * {@code NotFound} in dockerd's words; rejected credentials → {@code Unauthorized}.
     */
    public ManifestBlob fetchManifest(String reference) {
        return call(t -> {
            URI uri = t.endpoint().resolve("/v2/" + name.path() + "/manifests/" + reference);
            var response = t.send(RegistryTransport.Call.of("GET", uri,
                Map.of("Accept", String.join(", ", MediaTypes.PULL_ACCEPT))), HttpResponse.BodyHandlers.ofByteArray());
            if (response.statusCode() != 200) throw manifestError(reference, response.statusCode(), response.body());
            byte[] bytes = response.body();
            Digest computed = Digest.sha256(bytes);
            Optional<String> header = response.headers().firstValue("Docker-Content-Digest");
            Digest expected = Digest.isDigest(reference) ? Digest.parse(reference)
                : header.filter(Digest::isDigest).map(Digest::parse).orElse(computed);
            if (!expected.equals(computed)) {
                throw new BerthException.Unavailable("manifest verification failed for digest " + expected);
            }
            String mediaType = response.headers().firstValue("Content-Type").map(c -> c.split(";", 2)[0].trim()).orElse("");
            ManifestDocument parsed = ManifestDocument.parse(bytes, mediaType);
            return new ManifestBlob(bytes, computed, parsed.mediaType());
        });
    }

    /** Whether the registry already has {@code blob} in this repository (HEAD). */
    public boolean blobExists(Descriptor blob) {
        return call(t -> {
            URI uri = t.endpoint().resolve("/v2/" + name.path() + "/blobs/" + blob.digest());
            var response = t.send(RegistryTransport.Call.of("HEAD", uri, Map.of()), HttpResponse.BodyHandlers.discarding());
            return switch (response.statusCode()) {
                case 200 -> true;
                case 404 -> false;
                default -> throw pushError("HEAD", uri, response.statusCode(), new byte[0]);
            };
        });
    }

    /**
     * Streams {@code blob} into {@code sink}, hashing as it goes; commits only verified content and
     * aborts the sink on any failure. {@code progress} receives the byte count so far.
     */
    public void fetchBlob(Descriptor blob, BlobSink sink, LongConsumer progress) {
        call(t -> {
            new BlobDownload(t, name, blob, sink, progress).run();
            return null;
        });
    }

    /** A small blob (an image config) in memory, verified. */
    public byte[] fetchBlobBytes(Descriptor blob) {
        BlobSink.Memory memory = BlobSink.memory();
        fetchBlob(blob, memory, n -> {});
        return memory.bytes();
    }

    /** How a blob got into the repository. */
    public enum BlobPush { MOUNTED, UPLOADED }

    /**
     * Puts {@code blob} into the repository: a cross-repository mount from {@code mountFrom} (a
     * repository path in the same registry, may be null) when the registry agrees, else an upload
     * of {@code source}'s bytes. Does not check existence first; see {@link #blobExists}.
     */
    public BlobPush pushBlob(Descriptor blob, BlobSource source, String mountFrom, LongConsumer progress) {
        return call(t -> new BlobUpload(t, name, blob, source, mountFrom, progress).run());
    }

    /** Uploads a manifest under a tag or its digest; returns the digest of the bytes. */
    public Digest putManifest(String reference, ManifestBlob manifest) {
        return call(t -> {
            URI uri = t.endpoint().resolve("/v2/" + name.path() + "/manifests/" + reference);
            var body = manifest.bytes();
            var response = t.send(new RegistryTransport.Call("PUT", uri, Map.of("Content-Type", manifest.mediaType()),
                () -> java.net.http.HttpRequest.BodyPublishers.ofByteArray(body)), HttpResponse.BodyHandlers.ofByteArray());
            if (response.statusCode() != 201 && response.statusCode() != 200) {
                throw pushError("PUT", uri, response.statusCode(), response.body());
            }
            return manifest.digest();
        });
    }

    /**
     * Runs {@code op} on the bound endpoint, or on each candidate in turn until one answers:
     * {@code Unavailable} always moves on (https → http fallback, dead mirror); any failure on a
     * mirror moves on too, because a mirror may simply not have the image yet.
     */
    private <T> T call(Function<RegistryTransport, T> op) {
        RegistryTransport t = bound;
        if (t != null) return op.apply(t);
        BerthException last = null;
        for (RegistryTransport candidate : candidates) {
            try {
                T result = op.apply(candidate);
                bound = candidate;
                return result;
            } catch (BerthException.Unavailable e) {
                last = e;
            } catch (BerthException e) {
                if (!candidate.endpoint().mirror()) {
                    bound = candidate;
                    throw e;
                }
                last = e;
            }
        }
        if (last == null) {
            throw new BerthException.Unavailable("no registry endpoint to reach " + name.domain() + " (Docker Hub is switched off)");
        }
        throw last;
    }

    private BerthException manifestError(String reference, int status, byte[] body) {
        List<RegistryErrors.Entry> errors = RegistryErrors.parse(body);
        String repo = name.familiarRepository();
        String ref = repo + (Digest.isDigest(reference) ? "@" : ":") + reference;
        boolean denied = RegistryErrors.hasCode(errors, "DENIED") || ((status == 401 || status == 403) && !hasCredentials());
        if (denied) {
            return new BerthException.NotFound("pull access denied for " + repo + ", repository does not exist or may require 'docker login': "
                + RegistryErrors.text(errors, "denied: requested access to the resource is denied"));
        }
        if (RegistryErrors.hasCode(errors, "NAME_UNKNOWN")) {
            return new BerthException.NotFound("repository " + repo + " not found: " + RegistryErrors.text(errors, ""));
        }
        if (status == 404 || RegistryErrors.hasCode(errors, "MANIFEST_UNKNOWN")) {
            return new BerthException.NotFound("manifest for " + ref + " not found: "
                + RegistryErrors.text(errors, "manifest unknown: manifest unknown"));
        }
        return RegistryErrors.forStatus("GET", endpoint().resolve("/v2/" + name.path() + "/manifests/" + reference), status, body);
    }

    static BerthException pushError(String method, URI uri, int status, byte[] body) {
        List<RegistryErrors.Entry> errors = RegistryErrors.parse(body);
        if (RegistryErrors.hasCode(errors, "DENIED")) {
            return new BerthException.Forbidden(RegistryErrors.text(errors, ""));
        }
        return RegistryErrors.forStatus(method, uri, status, body);
    }

    private boolean hasCredentials() {
        return credentials.hasBasic() || credentials.identityToken() != null || credentials.registryToken() != null;
    }
}
