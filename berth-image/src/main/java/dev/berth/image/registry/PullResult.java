package dev.berth.image.registry;

import dev.berth.core.image.Digest;
import dev.berth.core.image.ImageReference;
import java.util.List;

/**
 * What a pull fetched, for the store to record.
 *
 * @param reference the reference pulled (tag defaulted to latest)
 * @param digest    the digest the reference resolved to: the manifest list/index digest for
 *                  multi-platform images, else the manifest digest; the {@code RepoDigest} and
 *                  the {@code Digest:} line
 * @param index     the manifest list/index as served, or null for single-platform images
 * @param manifest  the selected image manifest as served
 * @param config    the verified config blob bytes (its digest is the image ID)
 * @param layers    the layer descriptors in manifest order
 * @param diffIds   the config's {@code rootfs.diff_ids} (may be shorter than layers for broken images)
 * @param upToDate  true when the target already had the image and nothing was downloaded
 * @param skipped   layers reported "Already exists" and not downloaded
 */
public record PullResult(ImageReference reference, Digest digest, ManifestBlob index, ManifestBlob manifest,
                         Descriptor configDescriptor, byte[] config, List<Descriptor> layers, List<Digest> diffIds,
                         boolean upToDate, List<Descriptor> skipped) {
    public PullResult {
        layers = List.copyOf(layers);
        diffIds = List.copyOf(diffIds);
        skipped = List.copyOf(skipped);
    }

    public Digest imageId() { return configDescriptor.digest(); }
}
