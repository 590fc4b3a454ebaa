package dev.berth.image.registry;

import dev.berth.core.image.Digest;

/**
 * The local side of a pull, implemented by the image store. Called from download threads (up to
 * the puller's concurrency at once), so implementations must be thread-safe.
 */
public interface PullTarget {
    /**
     * Whether the image with this config digest (its image ID) is already stored; if so the
     * puller downloads nothing and the result says {@code upToDate}. dockerd takes the same shortcut.
     */
    default boolean hasImage(Digest imageId) { return false; }

    /**
     * Whether a layer is already stored, judged by its uncompressed {@code diffId} from the config
     * (null when the config lists fewer diff IDs than layers) or by its compressed digest.
     * Present layers are reported "Already exists" and not downloaded.
     */
    default boolean hasLayer(Descriptor layer, Digest diffId) { return false; }

    /** A fresh sink for one layer blob; the puller commits it after verification or aborts it. */
    BlobSink layerSink(Descriptor layer, Digest diffId);
}
