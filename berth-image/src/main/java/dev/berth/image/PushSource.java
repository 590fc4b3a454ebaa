package dev.berth.image;

import dev.berth.core.image.Digest;
import java.io.InputStream;
import java.util.List;
import java.util.function.Supplier;

/**
 * What a registry push needs from the local store: the config exactly as stored (its digest is
 * the image ID) and each layer as a blob a registry accepts, bottom first.
 */
public record PushSource(Digest configDigest, byte[] config, List<PushLayer> layers) {

    /**
     * One layer as it would be uploaded. {@code mediaType} says whether {@code open} yields the
     * stored gzip/zstd blob ({@code digest} = that blob's digest) or the plain tar ({@code digest}
     * = the diffID; a client that wants compression must compress and hash it itself).
     */
    public record PushLayer(Digest diffId, Digest digest, long size, String mediaType, Supplier<InputStream> open) {}

    public static final String DOCKER_LAYER_GZIP = "application/vnd.docker.image.rootfs.diff.tar.gzip";
    public static final String DOCKER_LAYER_TAR = "application/vnd.docker.image.rootfs.diff.tar";
    public static final String OCI_LAYER_ZSTD = "application/vnd.oci.image.layer.v1.tar+zstd";
}
