package dev.berth.image;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.berth.common.error.BerthException;
import dev.berth.core.image.Digest;
import dev.berth.core.image.ImageConfig;
import java.io.IOException;
import java.util.List;

/**
 * {@code docker build --cache-from}: makes the image of one build step out of a cache source
 * whose history matches the build so far (dockerd's {@code restoreCachedImage}). The new image
 * has the parent's history and layers plus the source's history entry (and layer) for the step,
 * and the step's container config as its config, as dockerd writes it. No layer is extracted:
 * the source image already holds them.
 */
final class CachedStepRestorer {
    private final ImageCatalog catalog;

    CachedStepRestorer(ImageCatalog catalog) {
        this.catalog = catalog;
    }

    Digest restore(Digest parent, Digest source, ImageConfig stepConfig) {
        ObjectNode target = read(source);
        ObjectNode base = parent == null ? ConfigCodec.JSON.createObjectNode() : read(parent);
        int index = base.path("history").size();
        JsonNode sourceHistory = target.path("history");
        if (sourceHistory.size() <= index) throw new BerthException.InvalidArgument("cache source " + source + " has no step " + index);
        ObjectNode root = ConfigCodec.JSON.createObjectNode();
        root.put("architecture", target.path("architecture").asText("amd64"));
        if (target.hasNonNull("author")) root.set("author", target.get("author").deepCopy());
        ObjectNode config = ConfigCodec.writeConfig(stepConfig);
        config.put("Image", parent == null ? "" : parent.toString());
        root.set("config", config);
        JsonNode entry = sourceHistory.get(index);
        root.set("created", entry.path("created").deepCopy());
        root.put("docker_version", LocalImageService.DOCKER_VERSION);
        ArrayNode history = root.putArray("history");
        base.path("history").forEach(h -> history.add(h.deepCopy()));
        history.add(entry.deepCopy());
        root.put("os", target.path("os").asText("linux"));
        ObjectNode rootfs = root.putObject("rootfs");
        rootfs.put("type", "layers");
        ArrayNode diffIds = rootfs.putArray("diff_ids");
        base.path("rootfs").path("diff_ids").forEach(d -> diffIds.add(d.asText()));
        if (!entry.path("empty_layer").asBoolean(false)) {
            diffIds.add(layerOfHistoryEntry(target, index));
        }
        try {
            return catalog.commit(ConfigCodec.JSON.writeValueAsBytes(root), parent, List.of()).id();
        } catch (JsonProcessingException e) {
            throw new BerthException.Internal("cannot encode image config", e);
        }
    }

    /** The diff ID the {@code index}th history entry made: entries with a layer map to diff IDs in order. */
    private static String layerOfHistoryEntry(ObjectNode target, int index) {
        int layer = 0;
        for (int i = 0; i < index; i++) {
            if (!target.path("history").get(i).path("empty_layer").asBoolean(false)) layer++;
        }
        JsonNode d = target.path("rootfs").path("diff_ids").get(layer);
        if (d == null) throw new BerthException.InvalidArgument("cache source has fewer layers than its history says");
        return d.asText();
    }

    private ObjectNode read(Digest id) {
        try {
            return (ObjectNode) ConfigCodec.JSON.readTree(catalog.store.config(id));
        } catch (IOException | ClassCastException e) {
            throw new BerthException.Internal("cannot read the config of " + id, e);
        }
    }
}
