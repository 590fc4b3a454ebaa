package dev.berth.image.registry;

import dev.berth.core.image.Digest;
import java.util.Objects;

/**
 * A pointer to content in a registry: media type, digest and size (OCI "descriptor").
 * {@code platform} is set only on manifest-list/index entries.
 */
public record Descriptor(String mediaType, Digest digest, long size, Platform platform) {
    public Descriptor {
        Objects.requireNonNull(mediaType, "mediaType");
        Objects.requireNonNull(digest, "digest");
        if (size < 0) throw new IllegalArgumentException("negative size " + size);
    }

    public Descriptor(String mediaType, Digest digest, long size) {
        this(mediaType, digest, size, null);
    }

    /** Describes {@code content} exactly: its sha256 and length. */
    public static Descriptor of(String mediaType, byte[] content) {
        return new Descriptor(mediaType, Digest.sha256(content), content.length);
    }

    /** The 12-hex id dockerd shows on per-layer progress lines. */
    public String shortId() { return digest.shortHex(); }
}
