package dev.berth.image;

import dev.berth.common.error.BerthException;
import dev.berth.core.image.Digest;
import dev.berth.core.image.Image;
import dev.berth.core.image.ImageReference;
import dev.berth.core.image.Progress;
import dev.berth.core.image.RegistryCredentials;
import dev.berth.image.registry.BlobSink;
import dev.berth.image.registry.BlobSource;
import dev.berth.image.registry.Descriptor;
import dev.berth.image.registry.ImagePuller;
import dev.berth.image.registry.ImagePusher;
import dev.berth.image.registry.MediaTypes;
import dev.berth.image.registry.ProgressMessages;
import dev.berth.image.registry.PullResult;
import dev.berth.image.registry.PullTarget;
import dev.berth.image.registry.PushImage;
import dev.berth.image.registry.PushResult;
import dev.berth.image.registry.RegistryClient;
import dev.berth.storage.BlobStore;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.zip.GZIPOutputStream;

/**
 * Pull and push between the local stores and a registry: the registry client moves blobs and
 * reports transfer progress; this class stores what arrives, extracts layers, names images, and
 * emits the progress lines and events that belong to the local side.
 */
final class RegistryTransfers {
    private final RegistryClient client;
    private final LocalImageService images;
    private final ImageCatalog catalog;
    private final BlobStore blobs;

    RegistryTransfers(RegistryClient client, LocalImageService images, ImageCatalog catalog) {
        this.client = client;
        this.images = images;
        this.catalog = catalog;
        this.blobs = images.blobs();
    }

    Image pull(String reference, RegistryCredentials credentials, Progress progress) {
        ImageReference ref = ImageReference.parse(reference).withDefaultTag();
        Digest before = currentTarget(ref);
        PullResult result = new ImagePuller(client).pull(ref, credentials, new StoreTarget(), progress);
        List<Digest> layerBlobs = result.layers().stream().map(Descriptor::digest).toList();
        Set<Digest> fetched = new LinkedHashSet<>(layerBlobs);
        result.skipped().forEach(d -> fetched.remove(d.digest()));
        for (Digest d : fetched) progress.status(d.shortHex(), ProgressMessages.EXTRACTING);
        Image image = images.registerImage(result.config(), layerBlobs, ref.digest() == null ? ref : null, result.digest());
        for (Digest d : fetched) progress.status(d.shortHex(), ProgressMessages.PULL_COMPLETE);
        catalog.publish("pull", image.id(), ref.familiarString());
        // dockerd says "up to date" only when the name already pointed at this very image
        ProgressMessages.pullFinished(progress, ref, result.digest(), !image.id().equals(before));
        return image;
    }

    private Digest currentTarget(ImageReference ref) {
        try {
            return catalog.resolve(ref.toString());
        } catch (BerthException.NotFound e) {
            return null;
        }
    }

    void push(String repository, String tag, RegistryCredentials credentials, Progress progress) {
        ImageReference base = ImageReference.parse(repository);
        if (base.digest() != null) throw new BerthException.InvalidArgument("cannot push a digest reference");
        List<String> tags = tag != null ? List.of(tag) : base.tag() != null ? List.of(base.tag()) : localTags(base);
        if (tags.isEmpty()) {
            throw new BerthException.NotFound("An image does not exist locally with the tag: " + base.familiarRepository());
        }
        ProgressMessages.pushRefersTo(progress, base);
        for (String t : tags) {
            ImageReference target = base.withTag(t);
            PushSource source = images.pushSource(target.toString());
            PushResult pushed = new ImagePusher(client).push(target, credentials, pushImage(source), progress);
            catalog.commit(source.config(), null, List.of(new ImageReference(base.domain(), base.path(), null, pushed.digest())));
            catalog.publish("push", source.configDigest(), target.familiarString());
        }
    }

    String login(RegistryCredentials credentials) {
        return client.login(credentials);
    }

    private List<String> localTags(ImageReference repo) {
        List<String> tags = new ArrayList<>();
        for (String key : catalog.referencesById().values().stream().flatMap(List::stream).toList()) {
            ImageReference r = ImageReference.parse(key);
            if (r.tag() != null && r.repository().equals(repo.repository())) tags.add(r.tag());
        }
        return tags.stream().distinct().sorted().toList();
    }

    private PushImage pushImage(PushSource source) {
        Descriptor config = new Descriptor(MediaTypes.DOCKER_CONFIG, source.configDigest(), source.config().length);
        List<PushImage.Layer> layers = new ArrayList<>();
        for (PushSource.PushLayer l : source.layers()) {
            Descriptor d;
            BlobSource open;
            if (l.mediaType().equals(PushSource.DOCKER_LAYER_TAR)) {
                // registries and dockerd expect compressed layers: compress once into the blob store
                Digest gz = compress(l);
                d = new Descriptor(MediaTypes.DOCKER_LAYER_GZIP, gz, blobs.size(gz));
                open = () -> blobs.open(gz);
            } else {
                d = new Descriptor(l.mediaType(), l.digest(), l.size());
                open = l.open()::get;
            }
            layers.add(new PushImage.Layer(d, open, l.diffId().shortHex(), null));
        }
        return new PushImage(config, BlobSource.of(source.config()), layers);
    }

    private Digest compress(PushSource.PushLayer layer) {
        try (BlobStore.Writer w = blobs.writer()) {
            try (InputStream in = layer.open().get(); OutputStream gz = new GZIPOutputStream(nonClosing(w), 64 * 1024)) {
                in.transferTo(gz);
            }
            return w.commit(null);
        } catch (IOException e) {
            throw new BerthException.Internal("cannot compress layer " + layer.diffId() + ": " + e.getMessage(), e);
        }
    }

    private static OutputStream nonClosing(OutputStream out) {
        return new java.io.FilterOutputStream(out) {
            @Override public void write(byte[] b, int off, int len) throws IOException { out.write(b, off, len); }
            @Override public void close() throws IOException { out.flush(); }
        };
    }

    /** Downloads land in the blob store; a blob already there is not fetched again. */
    private final class StoreTarget implements PullTarget {
        @Override public boolean hasImage(Digest imageId) {
            return catalog.store.has(imageId);
        }

        @Override public boolean hasLayer(Descriptor layer, Digest diffId) {
            return blobs.has(layer.digest());
        }

        @Override public BlobSink layerSink(Descriptor layer, Digest diffId) {
            BlobStore.Writer writer = blobs.writer();
            return new BlobSink() {
                @Override public OutputStream stream() { return writer; }

                @Override public void commit(Digest digest) { writer.commit(digest); }

                @Override public void abort() {
                    try {
                        writer.close();
                    } catch (IOException ignored) {
                        // close only deletes the temp file; the next start empties the temp dir anyway
                    }
                }
            };
        }
    }
}
