package dev.berth.image.build;

import dev.berth.core.filter.Filters;
import dev.berth.core.image.Digest;
import dev.berth.core.image.Image;
import dev.berth.core.image.ImageConfig;
import dev.berth.core.image.ImageService;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The classic builder's cache, as dockerd's {@code getLocalCachedImage}: a step is reused when
 * an image whose parent is the step's parent recorded the same container config (above all the
 * Cmd, which holds the instruction, and for COPY/ADD the sources' checksum). Like dockerd's
 * {@code compare}, the working directory and hostname are not part of the key.
 */
final class StepCache {
    private final ImageService images;

    StepCache(ImageService images) {
        this.images = images;
    }

    /** The cached image for the step, or null. {@code parent} null: a step on {@code scratch}. */
    Digest probe(Digest parent, ImageConfig containerConfig) {
        String parentId = parent == null ? "" : parent.toString();
        Image best = null;
        for (Image img : images.list(Filters.NONE, true)) {
            if (!parentId.equals(img.parent()) || !matches(img.containerConfig(), containerConfig)) continue;
            if (best == null || img.created().isAfter(best.created())) best = img; // dockerd takes the newest sibling
        }
        return best == null ? null : best.id();
    }

    static boolean matches(ImageConfig a, ImageConfig b) {
        if (a == null || b == null) return false;
        return Objects.equals(a.cmd(), b.cmd())
            && Objects.equals(orEmpty(a.user()), orEmpty(b.user()))
            && Objects.equals(list(a.env()), list(b.env()))
            && Objects.equals(map(a.labels()), map(b.labels()))
            && sameSet(a.exposedPorts(), b.exposedPorts())
            && Objects.equals(list(a.entrypoint()), list(b.entrypoint()))
            && sameSet(a.volumes(), b.volumes());
    }

    private static String orEmpty(String s) { return s == null ? "" : s; }

    private static List<String> list(List<String> l) { return l == null ? List.of() : l; }

    private static Map<String, String> map(Map<String, String> m) { return m == null ? Map.of() : m; }

    private static boolean sameSet(Collection<String> a, Collection<String> b) {
        return java.util.Set.copyOf(a == null ? List.of() : a).equals(java.util.Set.copyOf(b == null ? List.of() : b));
    }
}
