package dev.berth.core.image;

/** What {@code docker rmi} did: a name removed from an image, or an image deleted. */
public sealed interface ImageDeletion {
    record Untagged(String reference) implements ImageDeletion {}
    record Deleted(Digest id) implements ImageDeletion {}
}
