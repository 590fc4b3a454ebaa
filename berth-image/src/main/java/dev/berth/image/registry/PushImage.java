package dev.berth.image.registry;

import dev.berth.core.image.ImageReference;
import java.util.List;

/**
 * What to push for one tag: the config blob and the compressed layer blobs, in order.
 *
 * @param config       descriptor of the config (media type {@link MediaTypes#DOCKER_CONFIG})
 * @param configSource the config bytes
 * @param layers       layers in rootfs order
 */
public record PushImage(Descriptor config, BlobSource configSource, List<Layer> layers) {
    public PushImage {
        layers = List.copyOf(layers);
    }

    /**
     * One layer to push.
     *
     * @param descriptor compressed blob (usually {@link MediaTypes#DOCKER_LAYER_GZIP}), exact size and digest
     * @param source     opens the compressed bytes
     * @param progressId the id shown on progress lines; dockerd shows the short diff ID
     * @param mountFrom  a repository known to hold this blob (where it was pulled from), or null;
     *                   used for a cross-repository mount when it is in the same registry
     */
    public record Layer(Descriptor descriptor, BlobSource source, String progressId, ImageReference mountFrom) {
        public Layer(Descriptor descriptor, BlobSource source) {
            this(descriptor, source, descriptor.shortId(), null);
        }
    }
}
