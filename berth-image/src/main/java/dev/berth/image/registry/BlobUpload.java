package dev.berth.image.registry;

import dev.berth.core.image.ImageReference;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.function.LongConsumer;
import java.util.function.Supplier;

/**
 * One blob upload the way the docker client does it: {@code POST} to open an upload session
 * (asking for a cross-repository mount when a source is known), one streaming {@code PATCH} with
 * all bytes, then {@code PUT ?digest=} to commit. The registry verifies the digest on the PUT.
 */
final class BlobUpload {
    private final RegistryTransport transport;
    private final ImageReference name;
    private final Descriptor blob;
    private final BlobSource source;
    private final String mountFrom;
    private final LongConsumer progress;

    BlobUpload(RegistryTransport transport, ImageReference name, Descriptor blob, BlobSource source,
               String mountFrom, LongConsumer progress) {
        this.transport = transport;
        this.name = name;
        this.blob = blob;
        this.source = source;
        this.mountFrom = mountFrom;
        this.progress = progress;
    }

    RegistryRepository.BlobPush run() {
        String query = mountFrom == null ? "" : "?mount=" + blob.digest() + "&from=" + URLEncoder.encode(mountFrom, StandardCharsets.UTF_8);
        URI start = transport.endpoint().resolve("/v2/" + name.path() + "/blobs/uploads/" + query);
        var opened = transport.send(RegistryTransport.Call.of("POST", start, Map.of()), HttpResponse.BodyHandlers.ofByteArray());
        if (opened.statusCode() == 201 && mountFrom != null) return RegistryRepository.BlobPush.MOUNTED;
        // 202 means a fresh upload session; a refused mount also answers 202, so we just upload.
        if (opened.statusCode() != 202) throw RegistryRepository.pushError("POST", start, opened.statusCode(), opened.body());
        URI session = location(start, opened);

        var patched = transport.send(new RegistryTransport.Call("PATCH", session,
            Map.of("Content-Type", "application/octet-stream"), this::body), HttpResponse.BodyHandlers.ofByteArray());
        if (patched.statusCode() != 202) throw RegistryRepository.pushError("PATCH", session, patched.statusCode(), patched.body());
        URI commitAt = withDigest(location(session, patched));

        var committed = transport.send(RegistryTransport.Call.of("PUT", commitAt, Map.of()), HttpResponse.BodyHandlers.ofByteArray());
        if (committed.statusCode() != 201) throw RegistryRepository.pushError("PUT", commitAt, committed.statusCode(), committed.body());
        progress.accept(blob.size());
        return RegistryRepository.BlobPush.UPLOADED;
    }

    // The registry may answer with a relative Location; it also carries upload state in the query.
    private static URI location(URI request, HttpResponse<?> response) {
        String location = response.headers().firstValue("Location")
            .orElseThrow(() -> new dev.berth.common.error.BerthException.Unavailable("registry sent no upload location"));
        return request.resolve(location);
    }

    private URI withDigest(URI session) {
        String s = session.toString();
        return URI.create(s + (session.getRawQuery() == null ? "?" : "&") + "digest="
            + URLEncoder.encode(blob.digest().toString(), StandardCharsets.UTF_8));
    }

    // Re-created for every attempt (an auth retry re-reads the source from its start).
    private HttpRequest.BodyPublisher body() {
        if (blob.size() == 0) return HttpRequest.BodyPublishers.noBody();
        Supplier<InputStream> opener = () -> {
            try {
                return new Counting(source.open(), progress);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read blob " + blob.digest() + ": " + e.getMessage(), e);
            }
        };
        return HttpRequest.BodyPublishers.fromPublisher(HttpRequest.BodyPublishers.ofInputStream(opener), blob.size());
    }

    /** Reports bytes handed to the HTTP client: the "Pushing" bar. */
    private static final class Counting extends FilterInputStream {
        private final LongConsumer progress;
        private long count;

        Counting(InputStream in, LongConsumer progress) {
            super(in);
            this.progress = progress;
        }

        @Override public int read() throws IOException {
            int b = super.read();
            if (b >= 0) progress.accept(++count);
            return b;
        }

        @Override public int read(byte[] buffer, int offset, int length) throws IOException {
            int n = super.read(buffer, offset, length);
            if (n > 0) progress.accept(count += n);
            return n;
        }
    }
}
