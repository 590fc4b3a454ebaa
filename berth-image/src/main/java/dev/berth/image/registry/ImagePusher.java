package dev.berth.image.registry;

import dev.berth.core.image.ImageReference;
import dev.berth.core.image.Progress;
import dev.berth.core.image.RegistryCredentials;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Push orchestration for one tag: layers in parallel (skip what exists, mount what another
 * repository of the registry has, upload the rest), then the config, then a schema2 manifest.
 * Emits per layer "Preparing", "Waiting", "Pushing", then "Pushed" / "Layer already exists" /
 * "Mounted from x", and finally "tag: digest: … size: N" with the aux record. The caller emits
 * {@link ProgressMessages#pushRefersTo} once before pushing the tags of a repository.
 */
public final class ImagePusher {
    /** dockerd's default {@code max-concurrent-uploads}. */
    public static final int DEFAULT_CONCURRENCY = 5;
    private static final long PROGRESS_STEP = 512 * 1024;

    private final RegistryClient client;
    private final int concurrency;

    public ImagePusher(RegistryClient client) {
        this(client, DEFAULT_CONCURRENCY);
    }

    public ImagePusher(RegistryClient client, int concurrency) {
        this.client = client;
        this.concurrency = concurrency;
    }

    /** Pushes {@code image} as {@code target} (whose tag defaults to latest); returns the stored manifest. */
    public PushResult push(ImageReference target, RegistryCredentials credentials, PushImage image, Progress progress) {
        ImageReference ref = target.withDefaultTag();
        String tag = ref.tag() != null ? ref.tag() : ref.digest().toString();
        Set<String> mountSources = new LinkedHashSet<>();
        for (PushImage.Layer l : image.layers()) {
            if (mountable(l, ref)) mountSources.add(l.mountFrom().path());
        }
        RegistryRepository repo = client.forPush(ref, credentials, mountSources);
        // One serial request first: it picks the endpoint and answers the auth challenge once,
        // instead of every parallel upload racing to do both.
        boolean configExists = repo.blobExists(image.config());

        List<Runnable> uploads = new ArrayList<>();
        List<String> ids = new ArrayList<>();
        Set<Object> seen = new HashSet<>();
        for (PushImage.Layer layer : image.layers()) {
            if (!seen.add(layer.descriptor().digest())) continue;
            progress.status(layer.progressId(), ProgressMessages.PREPARING);
            ids.add(layer.progressId());
            uploads.add(() -> pushLayer(repo, ref, layer, progress));
        }
        for (int i = concurrency; i < ids.size(); i++) progress.status(ids.get(i), ProgressMessages.WAITING);
        ParallelTransfers.run(uploads, concurrency);
        if (!configExists) repo.pushBlob(image.config(), image.configSource(), null, n -> {});

        List<Descriptor> layers = image.layers().stream().map(PushImage.Layer::descriptor).toList();
        ManifestBlob manifest = ManifestBlob.of(MediaTypes.DOCKER_MANIFEST,
            ManifestDocument.ImageManifest.schema2Json(image.config(), layers));
        repo.putManifest(tag, manifest);
        ProgressMessages.pushed(progress, tag, manifest.digest(), manifest.bytes().length);
        return new PushResult(tag, manifest);
    }

    private void pushLayer(RegistryRepository repo, ImageReference ref, PushImage.Layer layer, Progress progress) {
        String id = layer.progressId();
        Descriptor blob = layer.descriptor();
        if (repo.blobExists(blob)) {
            progress.status(id, ProgressMessages.LAYER_ALREADY_EXISTS);
            return;
        }
        long[] reported = {-PROGRESS_STEP};
        String from = mountable(layer, ref) ? layer.mountFrom().path() : null;
        RegistryRepository.BlobPush how = repo.pushBlob(blob, layer.source(), from, bytes -> {
            if (bytes - reported[0] >= PROGRESS_STEP || (bytes == blob.size() && reported[0] != bytes)) {
                reported[0] = bytes;
                progress.bytes(id, ProgressMessages.PUSHING, bytes, blob.size());
            }
        });
        progress.status(id, how == RegistryRepository.BlobPush.MOUNTED
            ? ProgressMessages.mountedFrom(layer.mountFrom()) : ProgressMessages.PUSHED);
    }

    private static boolean mountable(PushImage.Layer layer, ImageReference target) {
        return layer.mountFrom() != null && layer.mountFrom().domain().equals(target.domain())
            && !layer.mountFrom().path().equals(target.path());
    }
}
