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
 *
 * <p>With {@code --cache-from} it is dockerd's {@code ImageCache}: a local hit counts only when it
 * belongs to a source's chain; otherwise a source whose history matches the build so far and
 * whose next entry was made by the same command provides the step (the source itself for its
 * last step, else an image restored from it). Missing sources are ignored, as dockerd does.
 * Not thread-safe: one per build.
 */
final class StepCache {
    private final ImageService images;
    private List<Image> sources;

    StepCache(ImageService images, List<String> cacheFrom) {
        this.images = images;
        this.sources = new java.util.ArrayList<>();
        for (String name : cacheFrom) {
            try {
                sources.add(images.inspect(name));
            } catch (dev.berth.common.error.BerthException.NotFound e) {
                // dockerd skips cache sources it does not have
            }
        }
    }

    /** The cached image for the step, or null. {@code parent} null: a step on {@code scratch}. */
    Digest probe(Digest parent, ImageConfig containerConfig) {
        Digest local = probeLocal(parent, containerConfig);
        if (sources.isEmpty()) return local;
        if (local != null && sources.stream().anyMatch(s -> inChain(local, s))) return local;
        Image base = parent == null ? null : images.inspect(parent.toString());
        int step = base == null ? 0 : base.history().size();
        String createdBy = String.join(" ", containerConfig.cmd());
        for (Image source : sources) {
            if (!continues(source, base) || !source.history().get(step).createdBy().equals(createdBy)) continue;
            if (source.history().size() - 1 == step) return source.id();
            sources = List.of(source); // as dockerd: stay on the source that matched
            return images.restoreBuildStep(parent, source.id(), containerConfig);
        }
        return null;
    }

    /** dockerd's isValidParent: {@code source} starts with {@code base}'s history and layers and goes on. */
    private static boolean continues(Image source, Image base) {
        if (source.history().isEmpty()) return false;
        if (base == null || (base.history().isEmpty() && base.diffIds().isEmpty())) return true;
        if (base.history().size() >= source.history().size() || base.diffIds().size() > source.diffIds().size()) return false;
        return source.history().subList(0, base.history().size()).equals(base.history())
            && source.diffIds().subList(0, base.diffIds().size()).equals(base.diffIds());
    }

    /** True when {@code id} is {@code source} or one of its parents. */
    private boolean inChain(Digest id, Image source) {
        Image cur = source;
        for (int i = 0; i < 1000 && cur != null; i++) {
            if (cur.id().equals(id)) return true;
            cur = cur.parent() == null || cur.parent().isEmpty() ? null : images.inspect(cur.parent());
        }
        return false;
    }

    private Digest probeLocal(Digest parent, ImageConfig containerConfig) {
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
