package dev.berth.image.registry;

import dev.berth.common.error.BerthException;
import dev.berth.core.image.Digest;
import dev.berth.core.image.ImageReference;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URI;
import java.net.http.HttpResponse;
import java.security.MessageDigest;
import java.util.Map;
import java.util.function.LongConsumer;

/**
 * One verified blob download: GET, stream into the sink while hashing, then commit only if both
 * length and sha256 match the descriptor. Every failure path aborts the sink, so a half-written or
 * corrupt blob is never made visible.
 */
final class BlobDownload {
    private static final int BUFFER = 64 * 1024;

    private final RegistryTransport transport;
    private final ImageReference name;
    private final Descriptor blob;
    private final BlobSink sink;
    private final LongConsumer progress;

    BlobDownload(RegistryTransport transport, ImageReference name, Descriptor blob, BlobSink sink, LongConsumer progress) {
        this.transport = transport;
        this.name = name;
        this.blob = blob;
        this.sink = sink;
        this.progress = progress;
    }

    void run() {
        try {
            URI uri = transport.endpoint().resolve("/v2/" + name.path() + "/blobs/" + blob.digest());
            var response = transport.send(RegistryTransport.Call.of("GET", uri, Map.of()), HttpResponse.BodyHandlers.ofInputStream());
            if (response.statusCode() != 200) {
                byte[] body = RegistryTransport.errorBody(response);
                throw RegistryErrors.forStatus("GET", uri, response.statusCode(), body);
            }
            Digest actual = copy(response.body());
            if (!actual.equals(blob.digest())) throw verificationFailed();
            sink.commit(actual);
        } catch (IOException e) {
            sink.abort();
            throw new BerthException.Internal("cannot store blob " + blob.digest() + ": " + e.getMessage(), e);
        } catch (RuntimeException | Error e) {
            sink.abort();
            throw e;
        }
    }

    private Digest copy(InputStream body) throws IOException {
        MessageDigest sha = Digest.newSha256();
        long count = 0;
        try (InputStream in = body) {
            OutputStream out = sink.stream();
            byte[] buffer = new byte[BUFFER];
            int n;
            while (true) {
                try {
                    n = in.read(buffer);
                } catch (IOException e) {
                    throw dropped(count, e);
                }
                if (n < 0) break;
                count += n;
                // A registry sending more than the descriptor promised is broken or hostile: stop early.
                if (count > blob.size()) throw verificationFailed();
                sha.update(buffer, 0, n);
                out.write(buffer, 0, n);
                progress.accept(count);
            }
            out.flush();
        }
        if (count != blob.size()) throw dropped(count, null);
        return Digest.ofSha256(sha.digest());
    }

    private BerthException verificationFailed() {
        return new BerthException.Unavailable("filesystem layer verification failed for digest " + blob.digest());
    }

    private BerthException dropped(long count, IOException cause) {
        String why = cause == null ? "unexpected EOF" : RegistryErrors.reason(cause);
        return new BerthException.Unavailable("error pulling blob " + blob.digest() + " from " + name.repository()
            + ": connection dropped after " + count + " of " + blob.size() + " bytes: " + why, cause);
    }
}
