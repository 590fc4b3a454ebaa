package dev.berth.core.image;

import java.time.Instant;
import java.util.List;

/** One row of {@code docker history}: a build step, the layer it made (or {@code <missing>}), its size. */
public record ImageHistoryItem(String id, Instant created, String createdBy, List<String> tags, long size, String comment) {}
