package dev.berth.image;

import dev.berth.common.error.BerthException;
import dev.berth.core.event.EventBus;
import dev.berth.core.image.Digest;
import dev.berth.core.image.Image;
import dev.berth.core.image.ImageReference;
import dev.berth.storage.ImageMetadata;
import dev.berth.storage.ImageMetadataStore;
import dev.berth.storage.Layer;
import dev.berth.storage.LayerStore;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;

/**
 * The image model shared by the use cases: name and ID resolution as dockerd does it, assembly of
 * {@link Image} records, the one lock for reference and metadata changes, and committing a new
 * image. Parsed configs are cached (configs are immutable, keyed by their digest).
 */
final class ImageCatalog {
    private static final Pattern HEX_PREFIX = Pattern.compile("[a-f0-9]{1,64}");

    final ImageMetadataStore store;
    final LayerStore layers;
    final EventBus events;
    final Clock clock;
    final ImageUsers users;
    /** Guards references, metadata and image creation/deletion; never held during long I/O. */
    final Object lock = new Object();
    private final Map<Digest, ParsedConfig> parsed = new ConcurrentHashMap<>();

    ImageCatalog(ImageMetadataStore store, LayerStore layers, EventBus events, Clock clock, ImageUsers users) {
        this.store = store;
        this.layers = layers;
        this.events = events;
        this.clock = clock;
        this.users = users;
    }

    ParsedConfig parsed(Digest id) {
        return parsed.computeIfAbsent(id, k -> ConfigCodec.parse(store.config(k)));
    }

    void forget(Digest id) {
        parsed.remove(id);
    }

    /** Chain ID of the image's top layer, or null for an image without layers. */
    Digest topChain(Digest id) {
        return Layer.chainId(parsed(id).diffIds());
    }

    /**
     * dockerd's lookup order: a full {@code sha256:} ID; then a name (no tag means
     * {@code latest}, {@code name@digest} by digest); then an unambiguous ID prefix.
     */
    Digest resolve(String nameOrId) {
        if (nameOrId == null || nameOrId.isEmpty()) throw noSuchImage(nameOrId);
        if (Digest.isDigest(nameOrId)) {
            Digest id = Digest.parse(nameOrId);
            if (store.has(id)) return id;
            throw noSuchImage(nameOrId);
        }
        BerthException.InvalidArgument invalid = null;
        try {
            Digest id = store.reference(referenceKey(ImageReference.parse(nameOrId)));
            if (id != null) return id;
        } catch (BerthException.InvalidArgument e) {
            invalid = e;
        }
        String hex = nameOrId.startsWith("sha256:") ? nameOrId.substring(7) : nameOrId;
        if (HEX_PREFIX.matcher(hex).matches()) {
            Digest found = null;
            for (Digest id : store.ids()) {
                if (id.hex().startsWith(hex)) {
                    if (found != null) throw noSuchImage(nameOrId); // ambiguous: dockerd reports it as not found
                    found = id;
                }
            }
            if (found != null) return found;
        }
        if (invalid != null) throw invalid;
        throw noSuchImage(nameOrId);
    }

    /** True when {@code nameOrId} names the image by ID (full or prefix) rather than by a reference. */
    boolean isIdLookup(String nameOrId, Digest id) {
        if (Digest.isDigest(nameOrId)) return true;
        try {
            if (store.reference(referenceKey(ImageReference.parse(nameOrId))) != null) return false;
        } catch (BerthException.InvalidArgument ignored) {
            // not a name at all
        }
        String hex = nameOrId.startsWith("sha256:") ? nameOrId.substring(7) : nameOrId;
        return id.hex().startsWith(hex);
    }

    /** Key of a reference in the store: {@code repo:tag} (default latest) or {@code repo@digest}. */
    static String referenceKey(ImageReference ref) {
        if (ref.digest() != null) return ref.repository() + "@" + ref.digest();
        return ref.withDefaultTag().toString();
    }

    static BerthException.NotFound noSuchImage(String name) {
        return new BerthException.NotFound("No such image: " + name);
    }

    /** Fully qualified references to {@code id}, sorted. */
    List<String> referencesOf(Digest id) {
        List<String> out = new ArrayList<>();
        store.references().forEach((k, v) -> {
            if (v.equals(id)) out.add(k);
        });
        return out;
    }

    Map<Digest, List<String>> referencesById() {
        Map<Digest, List<String>> out = new HashMap<>();
        store.references().forEach((k, v) -> out.computeIfAbsent(v, x -> new ArrayList<>()).add(k));
        return out;
    }

    static String familiar(String fullReference) {
        return ImageReference.parse(fullReference).familiarString();
    }

    Image image(Digest id) {
        return image(id, referencesOf(id));
    }

    Image image(Digest id, List<String> references) {
        ParsedConfig p = parsed(id);
        List<String> tags = new ArrayList<>();
        List<String> digests = new ArrayList<>();
        for (String r : references) (r.contains("@") ? digests : tags).add(familiar(r));
        ImageMetadata meta = store.metadata(id);
        return new Image(id, List.copyOf(tags), List.copyOf(digests), meta.parent() == null ? "" : meta.parent().toString(),
            p.comment(), p.created(), p.dockerVersion(), p.author(), p.config(), p.containerConfig(),
            p.architecture(), p.variant(), p.os(), size(id), p.diffIds(), p.history(), meta.lastTagTime(),
            p.container());
    }

    /** Sum of the diff sizes of the image's layers. */
    long size(Digest id) {
        Digest top = topChain(id);
        if (top == null) return 0;
        try {
            return layers.chain(top).stream().mapToLong(Layer::diffSize).sum();
        } catch (BerthException.NotFound e) {
            return 0;
        }
    }

    Set<Digest> children(Digest id) {
        Set<Digest> out = new LinkedHashSet<>();
        for (Digest other : store.ids()) {
            if (id.equals(store.metadata(other).parent())) out.add(other);
        }
        return out;
    }

    /** Publishes an image event the way dockerd does: the image's labels plus {@code name}. */
    void publish(String action, Digest id, String name) {
        Map<String, String> attributes = new HashMap<>();
        try {
            var labels = parsed(id).config() == null ? null : parsed(id).config().labels();
            if (labels != null) attributes.putAll(labels);
        } catch (BerthException e) {
            // image already gone (delete event): no labels to add
        }
        attributes.put("name", name);
        events.publish("image", action, id.toString(), attributes);
    }

    /** What committing an image did: its ID, and the images that lost a name to it. */
    record Committed(Digest id, boolean created, Map<String, Digest> displaced) {}

    /**
     * Stores an image whose layers are registered and points {@code names} at it. The new image
     * takes its own reference on its top layer; the caller keeps (and later releases) its own.
     */
    Committed commit(byte[] config, Digest parent, List<ImageReference> names) {
        ParsedConfig p = ConfigCodec.parse(config);
        Digest id = Digest.sha256(config);
        Digest top = Layer.chainId(p.diffIds());
        synchronized (lock) {
            boolean created = !store.has(id);
            if (created) {
                if (top != null) layers.acquire(top);
                store.putConfig(config);
                store.putMetadata(id, new ImageMetadata(null, parent));
            }
            Map<String, Digest> displaced = new HashMap<>();
            Map<String, Digest> put = new HashMap<>();
            for (ImageReference name : names) {
                String key = referenceKey(name);
                Digest old = store.reference(key);
                if (old != null && !old.equals(id)) displaced.put(key, old);
                put.put(key, id);
            }
            if (!put.isEmpty()) {
                store.updateReferences(put, Set.of());
                store.putMetadata(id, store.metadata(id).withLastTagTime(clock.instant()));
            }
            return new Committed(id, created, displaced);
        }
    }
}
