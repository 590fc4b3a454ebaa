package dev.berth.image.registry;

import dev.berth.core.image.Digest;

/**
 * A manifest exactly as the registry served it (or as we will upload it): the bytes whose sha256
 * is {@code digest}. Stores keep these bytes verbatim so {@code RepoDigests} stay valid.
 */
public record ManifestBlob(byte[] bytes, Digest digest, String mediaType) {
    public static ManifestBlob of(String mediaType, byte[] bytes) {
        return new ManifestBlob(bytes, Digest.sha256(bytes), mediaType);
    }

    public ManifestDocument parse() { return ManifestDocument.parse(bytes, mediaType); }

    public Descriptor descriptor() { return new Descriptor(mediaType, digest, bytes.length); }
}
