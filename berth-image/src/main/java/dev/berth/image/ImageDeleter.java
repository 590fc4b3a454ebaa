package dev.berth.image;

import dev.berth.common.error.BerthException;
import dev.berth.core.filter.Filters;
import dev.berth.core.image.Digest;
import dev.berth.core.image.ImageDeletion;
import dev.berth.core.image.ImageReference;
import dev.berth.core.image.ImageService;
import dev.berth.storage.Layer;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * {@code docker rmi} and {@code docker image prune} with dockerd's rules: removing a name only
 * untags unless it was the last one; deleting by ID untags everything first but needs force when
 * several repositories name the image; images with children or running containers cannot be
 * deleted; parents left dangling are deleted too unless {@code noPrune}.
 */
final class ImageDeleter {
    private static final Set<String> PRUNE_FILTERS = Set.of("dangling", "label", "label!", "until");

    private final ImageCatalog catalog;
    private long reclaimed;

    ImageDeleter(ImageCatalog catalog) {
        this.catalog = catalog;
    }

    List<ImageDeletion> remove(String nameOrId, boolean force, boolean noPrune) {
        List<ImageDeletion> out = new ArrayList<>();
        synchronized (catalog.lock) {
            Digest id = catalog.resolve(nameOrId);
            List<String> refs = catalog.referencesOf(id);
            if (!catalog.isIdLookup(nameOrId, id)) {
                ImageReference ref = ImageReference.parse(nameOrId);
                if (refs.size() == 1 && !force) {
                    var users = catalog.users.usersOf(id);
                    if (!users.isEmpty()) {
                        throw new BerthException.Conflict("conflict: unable to remove repository reference \"" + nameOrId
                            + "\" (must force) - container " + shortId(users.getFirst().containerId())
                            + " is using its referenced image " + id.shortHex());
                    }
                }
                untag(id, ImageCatalog.referenceKey(ref), out);
                dropOrphanDigests(id, ref, out);
                if (!catalog.referencesOf(id).isEmpty()) return out;
                delete(id, force, !noPrune, true, out);
                return out;
            }
            if (refs.size() > 1 && !force && !isSingleReference(refs)) {
                throw conflict(id, false, "image is referenced in multiple repositories");
            }
            // the names go anyway (checked above), so only usage and children can stop the delete
            BerthException.Conflict c = conflictOf(id, force, Set.of());
            if (c != null) throw c;
            for (String r : refs) untag(id, r, out);
            delete(id, force, !noPrune, false, out);
        }
        return out;
    }

    /** Dropping a repo's last tag also drops that repo's digest references (they would dangle). */
    private void dropOrphanDigests(Digest id, ImageReference removed, List<ImageDeletion> out) {
        if (removed.digest() != null) return;
        List<String> refs = catalog.referencesOf(id);
        String repo = removed.repository();
        boolean tagLeft = refs.stream().anyMatch(r -> !r.contains("@") && repositoryOf(r).equals(repo));
        if (tagLeft) return;
        for (String r : refs) {
            if (r.contains("@") && repositoryOf(r).equals(repo)) untag(id, r, out);
        }
    }

    private void untag(Digest id, String key, List<ImageDeletion> out) {
        catalog.store.updateReferences(Map.of(), Set.of(key));
        out.add(new ImageDeletion.Untagged(ImageCatalog.familiar(key)));
        catalog.publish("untag", id, id.toString());
    }

    /**
     * Deletes the image and its layers; with {@code prune}, also its parent when that is now an
     * unnamed, unused leaf. {@code quiet}: conflicts because the image is still named or used are
     * not errors (the caller only meant to untag).
     */
    private void delete(Digest id, boolean force, boolean prune, boolean quiet, List<ImageDeletion> out) {
        BerthException.Conflict c = conflictOf(id, force, Set.copyOf(catalog.referencesOf(id)));
        if (c != null) {
            boolean used = !catalog.users.usersOf(id).isEmpty();
            if (quiet && (used || !catalog.referencesOf(id).isEmpty() || !catalog.children(id).isEmpty())) return;
            throw c;
        }
        Digest parent = catalog.store.metadata(id).parent();
        Digest top = catalog.topChain(id);
        catalog.store.delete(id);
        out.add(new ImageDeletion.Deleted(id));
        catalog.publish("delete", id, id.toString());
        catalog.forget(id);
        if (top != null) {
            for (Layer l : catalog.layers.release(top)) reclaimed += l.diffSize();
        }
        if (prune && parent != null && catalog.store.has(parent)) {
            delete(parent, false, true, true, out);
        }
    }

    /** The conflict that forbids deleting {@code id} now, or null. */
    private BerthException.Conflict conflictOf(Digest id, boolean force, Set<String> refs) {
        if (!catalog.children(id).isEmpty()) return conflict(id, true, "image has dependent child images");
        for (ImageUsers.User u : catalog.users.usersOf(id)) {
            if (u.running()) return conflict(id, true, "image is being used by running container " + shortId(u.containerId()));
        }
        if (force) return null;
        if (!refs.isEmpty()) return conflict(id, false, "image is referenced in one or more repositories");
        for (ImageUsers.User u : catalog.users.usersOf(id)) {
            return conflict(id, false, "image is being used by stopped container " + shortId(u.containerId()));
        }
        return null;
    }

    private static BerthException.Conflict conflict(Digest id, boolean hard, String why) {
        return new BerthException.Conflict("conflict: unable to delete " + id.shortHex() + " ("
            + (hard ? "cannot be forced" : "must be forced") + ") - " + why);
    }

    private static String shortId(String id) {
        return id.length() > 12 ? id.substring(0, 12) : id;
    }

    /** dockerd: one repository, at most one tag (digest references of that repository allowed). */
    static boolean isSingleReference(List<String> refs) {
        if (refs.size() <= 1) return refs.size() == 1;
        String tagged = null;
        Set<String> digestRepos = new HashSet<>();
        for (String r : refs) {
            if (r.contains("@")) {
                digestRepos.add(repositoryOf(r));
            } else if (tagged == null) {
                tagged = r;
            } else {
                return false;
            }
        }
        String single = tagged != null ? tagged : refs.getFirst();
        return digestRepos.size() == 1 && digestRepos.contains(repositoryOf(single));
    }

    private static String repositoryOf(String fullRef) {
        return ImageReference.parse(fullRef).repository();
    }

    ImageService.PruneReport prune(Filters filters) {
        filters.allowOnly(PRUNE_FILTERS);
        boolean danglingOnly = filters.bool("dangling", true);
        Instant now = catalog.clock.instant();
        Instant until = filters.get("until").isEmpty() ? null : FilterTimes.parse(filters.get("until").getFirst(), now);
        List<ImageDeletion> out = new ArrayList<>();
        long freed;
        synchronized (catalog.lock) {
            reclaimed = 0;
            Map<Digest, List<String>> refs = catalog.referencesById();
            for (Digest id : catalog.store.ids()) {
                if (!catalog.store.has(id) || !catalog.children(id).isEmpty()) continue;
                List<String> names = refs.getOrDefault(id, List.of());
                if (danglingOnly && !names.isEmpty()) continue;
                if (!catalog.users.usersOf(id).isEmpty()) continue;
                ParsedConfig p = catalog.parsed(id);
                if (until != null && (p.created() == null || !p.created().isBefore(until))) continue;
                Map<String, String> labels = p.config() == null ? null : p.config().labels();
                if (!filters.matchesLabels("label", labels) || matchesAnyLabel(filters.get("label!"), labels)) continue;
                for (String r : names) untag(id, r, out);
                delete(id, false, true, true, out);
            }
            freed = reclaimed;
        }
        catalog.events.publish("image", "prune", "", Map.of("reclaimed", Long.toString(freed)));
        return new ImageService.PruneReport(out, freed);
    }

    private static boolean matchesAnyLabel(List<String> exprs, Map<String, String> labels) {
        for (String e : exprs) {
            if (new Filters(Map.of("l", List.of(e))).matchesLabels("l", labels)) return true;
        }
        return false;
    }
}
