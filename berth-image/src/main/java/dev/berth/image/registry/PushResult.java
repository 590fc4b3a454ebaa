package dev.berth.image.registry;

import dev.berth.core.image.Digest;

/** The manifest a push stored under {@code tag}; its digest is the new {@code RepoDigest}. */
public record PushResult(String tag, ManifestBlob manifest) {
    public Digest digest() { return manifest.digest(); }

    public int size() { return manifest.bytes().length; }
}
