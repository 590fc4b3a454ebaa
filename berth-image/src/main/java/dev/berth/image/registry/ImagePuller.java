package dev.berth.image.registry;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.berth.common.error.BerthException;
import dev.berth.core.image.Digest;
import dev.berth.core.image.ImageReference;
import dev.berth.core.image.Progress;
import dev.berth.core.image.RegistryCredentials;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Pull orchestration: resolve the reference to one platform's manifest, fetch the config, then
 * download the missing layers in parallel into the {@link PullTarget}, reporting dockerd's progress
 * lines. Emits "Pulling from", and per layer "Already exists" / "Pulling fs layer", "Waiting",
 * "Downloading", "Verifying Checksum", "Download complete". The caller stores the image and then
 * emits "Extracting"/"Pull complete" and {@link ProgressMessages#pullFinished}.
 */
public final class ImagePuller {
    /** dockerd's default {@code max-concurrent-downloads}. */
    public static final int DEFAULT_CONCURRENCY = 3;
    private static final long PROGRESS_STEP = 512 * 1024;
    private static final ObjectMapper JSON = new ObjectMapper();

    private final RegistryClient client;
    private final Platform platform;
    private final int concurrency;

    public ImagePuller(RegistryClient client) {
        this(client, Platform.LINUX_AMD64, DEFAULT_CONCURRENCY);
    }

    public ImagePuller(RegistryClient client, Platform platform, int concurrency) {
        this.client = client;
        this.platform = platform;
        this.concurrency = concurrency;
    }

    /** Pulls {@code reference} (no tag and no digest means latest). See the class comment for progress. */
    public PullResult pull(ImageReference reference, RegistryCredentials credentials, PullTarget target, Progress progress) {
        ImageReference ref = reference.withDefaultTag();
        RegistryRepository repo = client.forPull(ref, credentials);
        ProgressMessages.pullingFrom(progress, ref);
        ManifestBlob top = repo.fetchManifest(ref.digest() != null ? ref.digest().toString() : ref.tag());
        ManifestBlob index = null;
        ManifestBlob manifestBlob = top;
        if (top.parse() instanceof ManifestDocument.ManifestIndex list) {
            index = top;
            Descriptor chosen = list.select(platform);
            manifestBlob = repo.fetchManifest(chosen.digest().toString());
        }
        if (!(manifestBlob.parse() instanceof ManifestDocument.ImageManifest manifest)) {
            throw new BerthException.InvalidArgument("manifest list entry " + manifestBlob.digest() + " is itself a list");
        }
        byte[] config = repo.fetchBlobBytes(manifest.config());
        List<Digest> diffIds = diffIds(config);
        if (target.hasImage(manifest.config().digest())) {
            return new PullResult(ref, top.digest(), index, manifestBlob, manifest.config(), config, manifest.layers(),
                diffIds, true, manifest.layers());
        }
        List<Descriptor> skipped = new ArrayList<>();
        Map<Digest, Runnable> downloads = new LinkedHashMap<>();
        for (int i = 0; i < manifest.layers().size(); i++) {
            Descriptor layer = manifest.layers().get(i);
            Digest diffId = i < diffIds.size() ? diffIds.get(i) : null;
            if (downloads.containsKey(layer.digest()) || skipped.contains(layer)) continue;
            if (target.hasLayer(layer, diffId)) {
                skipped.add(layer);
                progress.status(layer.shortId(), ProgressMessages.ALREADY_EXISTS);
                continue;
            }
            progress.status(layer.shortId(), ProgressMessages.PULLING_FS_LAYER);
            downloads.put(layer.digest(), () -> download(repo, layer, target.layerSink(layer, diffId), progress));
        }
        int position = 0;
        for (Digest d : downloads.keySet()) {
            if (position++ >= concurrency) progress.status(d.shortHex(), ProgressMessages.WAITING);
        }
        ParallelTransfers.run(List.copyOf(downloads.values()), concurrency);
        return new PullResult(ref, top.digest(), index, manifestBlob, manifest.config(), config, manifest.layers(),
            diffIds, false, skipped);
    }

    private static void download(RegistryRepository repo, Descriptor layer, BlobSink sink, Progress progress) {
        String id = layer.shortId();
        long[] reported = {-PROGRESS_STEP};
        repo.fetchBlob(layer, new VerifyingNotice(sink, id, progress), bytes -> {
            // Throttled like dockerd: a message per half MiB, plus the last one, keeps the stream small.
            if (bytes - reported[0] >= PROGRESS_STEP || (bytes == layer.size() && reported[0] != bytes)) {
                reported[0] = bytes;
                progress.bytes(id, ProgressMessages.DOWNLOADING, bytes, layer.size());
            }
        });
        progress.status(id, ProgressMessages.DOWNLOAD_COMPLETE);
    }

    /** Emits "Verifying Checksum" at the moment the last byte arrived, before the sink commits. */
    private record VerifyingNotice(BlobSink sink, String id, Progress progress) implements BlobSink {
        @Override public java.io.OutputStream stream() throws IOException { return sink.stream(); }
        @Override public void commit(Digest digest) throws IOException {
            progress.status(id, ProgressMessages.VERIFYING_CHECKSUM);
            sink.commit(digest);
        }
        @Override public void abort() { sink.abort(); }
    }

    private static List<Digest> diffIds(byte[] config) {
        List<Digest> out = new ArrayList<>();
        try {
            JsonNode root = JSON.readTree(config);
            if (root == null) return out;
            for (JsonNode d : root.path("rootfs").path("diff_ids")) {
                if (Digest.isDigest(d.asText())) out.add(Digest.parse(d.asText()));
            }
        } catch (IOException e) {
            throw new BerthException.Unavailable("image config is not valid JSON: " + e.getMessage(), e);
        }
        return out;
    }
}
