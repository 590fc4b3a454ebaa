package dev.berth.core.image;

import java.time.Instant;
import java.util.List;

/**
 * An image as Berth knows it: identity (the config digest), names, the config it was built with,
 * its layers (diff IDs, bottom first) and what they occupy on disk.
 *
 * @param container the container a committed image was made from (its config's {@code container}); null otherwise
 */
public record Image(
        Digest id,
        List<String> repoTags,
        List<String> repoDigests,
        String parent,
        String comment,
        Instant created,
        String dockerVersion,
        String author,
        ImageConfig config,
        ImageConfig containerConfig,
        String architecture,
        String variant,
        String os,
        long size,
        List<Digest> diffIds,
        List<HistoryEntry> history,
        Instant lastTagTime,
        String container) {

    /** One build step that produced the image (an {@code emptyLayer} step changed only metadata). */
    public record HistoryEntry(Instant created, String createdBy, String author, String comment, boolean emptyLayer) {}

    public boolean dangling() { return repoTags.isEmpty() && repoDigests.isEmpty(); }
}
