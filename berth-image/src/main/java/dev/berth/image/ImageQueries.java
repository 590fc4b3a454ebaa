package dev.berth.image;

import dev.berth.core.filter.Filters;
import dev.berth.core.image.Digest;
import dev.berth.core.image.Image;
import dev.berth.core.image.ImageHistoryItem;
import dev.berth.core.image.ImageReference;
import dev.berth.core.image.ImageService;
import dev.berth.storage.Layer;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/** Read-only use cases: {@code docker images}, {@code docker history}, {@code docker system df}. */
final class ImageQueries {
    private static final Set<String> LIST_FILTERS = Set.of("before", "since", "dangling", "label", "reference", "until");

    private final ImageCatalog catalog;

    ImageQueries(ImageCatalog catalog) {
        this.catalog = catalog;
    }

    List<Image> list(Filters filters, boolean all) {
        filters.allowOnly(LIST_FILTERS);
        Boolean dangling = filters.has("dangling") ? filters.bool("dangling", false) : null;
        Instant now = catalog.clock.instant();
        Instant before = createdOf(filters.get("before"));
        Instant since = createdOf(filters.get("since"));
        Instant until = filters.get("until").isEmpty() ? null : FilterTimes.parse(filters.get("until").getFirst(), now);
        List<Pattern> patterns = filters.get("reference").stream().map(ImageQueries::glob).toList();
        Map<Digest, List<String>> refsById = catalog.referencesById();
        List<Image> out = new ArrayList<>();
        for (Digest id : catalog.store.ids()) {
            ParsedConfig p;
            try {
                p = catalog.parsed(id);
            } catch (RuntimeException e) {
                continue; // deleted meanwhile
            }
            Instant created = p.created() == null ? Instant.EPOCH : p.created();
            if (before != null && !created.isBefore(before)) continue;
            if (since != null && !created.isAfter(since)) continue;
            if (until != null && !created.isBefore(until)) continue;
            if (!filters.matchesLabels("label", p.config() == null ? null : p.config().labels())) continue;
            List<String> refs = refsById.getOrDefault(id, List.of());
            if (!patterns.isEmpty()) {
                refs = refs.stream().filter(r -> matchesAny(patterns, r)).toList();
                if (refs.isEmpty()) continue;
            }
            if (refs.isEmpty()) {
                if (!all && !catalog.children(id).isEmpty()) continue; // intermediate build image
                if (Boolean.FALSE.equals(dangling)) continue;
            } else if (Boolean.TRUE.equals(dangling)) {
                continue;
            }
            out.add(catalog.image(id, refs));
        }
        out.sort(Comparator.comparing((Image i) -> i.created() == null ? Instant.EPOCH : i.created()).reversed()
            .thenComparing(Image::id));
        return out;
    }

    private Instant createdOf(List<String> names) {
        if (names.isEmpty()) return null;
        Instant created = catalog.parsed(catalog.resolve(names.getFirst())).created();
        return created == null ? Instant.EPOCH : created;
    }

    /** dockerd's FamiliarMatch: the pattern may match {@code repo:tag} or just {@code repo}. */
    private static boolean matchesAny(List<Pattern> patterns, String fullRef) {
        ImageReference ref = ImageReference.parse(fullRef);
        String familiar = ref.familiarString();
        String name = ref.familiarRepository();
        for (Pattern p : patterns) {
            if (p.matcher(familiar).matches() || p.matcher(name).matches()) return true;
        }
        return false;
    }

    /** Go's path.Match as a regex: {@code *} and {@code ?} never cross {@code /}. */
    static Pattern glob(String pattern) {
        StringBuilder re = new StringBuilder();
        for (int i = 0; i < pattern.length(); i++) {
            char c = pattern.charAt(i);
            switch (c) {
                case '*' -> re.append("[^/]*");
                case '?' -> re.append("[^/]");
                case '[' -> {
                    int end = pattern.indexOf(']', i + 1);
                    if (end < 0) {
                        re.append("\\[");
                    } else {
                        String cls = pattern.substring(i + 1, end);
                        if (cls.startsWith("^")) cls = "!" + cls.substring(1);
                        re.append('[').append(cls.startsWith("!") ? "^" + cls.substring(1) : cls).append(']');
                        i = end;
                    }
                }
                case '\\' -> {
                    if (i + 1 < pattern.length()) re.append(Pattern.quote(String.valueOf(pattern.charAt(++i))));
                }
                default -> re.append(Pattern.quote(String.valueOf(c)));
            }
        }
        return Pattern.compile(re.toString());
    }

    /** Newest step first; only the top row (and rows of locally known parents) get an ID. */
    List<ImageHistoryItem> history(String nameOrId) {
        Digest id = catalog.resolve(nameOrId);
        ParsedConfig p = catalog.parsed(id);
        List<Layer> chain = p.diffIds().isEmpty() ? List.of() : catalog.layers.chain(catalog.topChain(id));
        List<Object[]> rows = new ArrayList<>();
        int layer = 0;
        for (Image.HistoryEntry h : p.history()) {
            long size = 0;
            if (!h.emptyLayer() && layer < chain.size()) size = chain.get(layer++).diffSize();
            rows.addFirst(new Object[] {h, size});
        }
        List<ImageHistoryItem> out = new ArrayList<>();
        Digest rowId = id;
        for (Object[] row : rows) {
            Image.HistoryEntry h = (Image.HistoryEntry) row[0];
            String shownId = "<missing>";
            List<String> tags = null;
            if (rowId != null) {
                shownId = rowId.toString();
                tags = catalog.referencesOf(rowId).stream().filter(r -> !r.contains("@")).map(ImageCatalog::familiar).toList();
                Digest parent = catalog.store.metadata(rowId).parent();
                rowId = parent != null && catalog.store.has(parent) ? parent : null;
            }
            out.add(new ImageHistoryItem(shownId, h.created(), h.createdBy() == null ? "" : h.createdBy(),
                tags == null || tags.isEmpty() ? null : tags, (long) row[1], h.comment() == null ? "" : h.comment()));
        }
        return out;
    }

    ImageService.DiskUsage diskUsage() {
        Map<Digest, Integer> layerUse = new HashMap<>();
        Map<Digest, List<Layer>> chains = new HashMap<>();
        for (Digest id : catalog.store.ids()) {
            Digest top = catalog.topChain(id);
            List<Layer> chain = top == null ? List.of() : catalog.layers.chain(top);
            chains.put(id, chain);
            for (Layer l : chain) layerUse.merge(l.chainId(), 1, Integer::sum);
        }
        List<ImageService.DiskUsage.ImageUsage> images = new ArrayList<>();
        Map<Digest, List<String>> refs = catalog.referencesById();
        for (var e : chains.entrySet()) {
            long shared = e.getValue().stream().filter(l -> layerUse.get(l.chainId()) > 1).mapToLong(Layer::diffSize).sum();
            Image image = catalog.image(e.getKey(), refs.getOrDefault(e.getKey(), List.of()));
            images.add(new ImageService.DiskUsage.ImageUsage(image, shared, image.size() - shared,
                catalog.users.usersOf(e.getKey()).size()));
        }
        images.sort(Comparator.comparing((ImageService.DiskUsage.ImageUsage u) -> u.image().id()));
        long layersSize = catalog.layers.layers().stream().mapToLong(Layer::diffSize).sum();
        return new ImageService.DiskUsage(images, layersSize);
    }
}
