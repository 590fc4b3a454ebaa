package dev.berth.storage;

import dev.berth.core.image.Digest;
import java.time.Instant;

/**
 * What Berth records about an image beyond its config: when a name was last put on it, and the
 * image it was built from (only for images built or committed locally). Either may be null.
 */
public record ImageMetadata(Instant lastTagTime, Digest parent) {
    public static final ImageMetadata NONE = new ImageMetadata(null, null);

    public ImageMetadata withLastTagTime(Instant t) { return new ImageMetadata(t, parent); }
}
