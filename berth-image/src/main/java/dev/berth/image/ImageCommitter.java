package dev.berth.image;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.berth.common.error.BerthException;
import dev.berth.core.image.Digest;
import dev.berth.core.image.ImageConfig;
import dev.berth.core.image.ImageService.CommitRequest;
import dev.berth.storage.BlobStore;
import dev.berth.storage.Layer;
import dev.berth.storage.LayerStore;
import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * {@code docker commit}: the container's writable layer becomes a layer on top of the parent's,
 * and the new config is the parent's image config rewritten as dockerd's {@code NewChildImage}
 * does (parent's rootfs and history plus one entry, {@code container} and
 * {@code container_config} set). An empty writable layer adds no layer, only an
 * {@code empty_layer} history entry.
 */
final class ImageCommitter {
    /** The diff ID of a tar holding nothing (1024 zero bytes): Docker's empty layer. */
    static final Digest EMPTY_LAYER = Digest.parse("sha256:5f70bf18a086007016e948b04aed3b82103a36bea41755b6cddfaf10ace3c6ef");

    private final ImageCatalog catalog;
    private final BlobStore blobs;
    private final LayerStore layers;

    ImageCommitter(ImageCatalog catalog, BlobStore blobs, LayerStore layers) {
        this.catalog = catalog;
        this.blobs = blobs;
        this.layers = layers;
    }

    /** Stores the image (unnamed) and returns its ID. */
    Digest commit(CommitRequest r) {
        ImageConfig config = r.buildStep() ? r.config() : merge(ConfigInstructions.apply(r.config(), r.changes()), r.containerConfig());
        Digest parentTop = r.parent() == null ? null : catalog.topChain(r.parent());
        Digest blob = blobs.put(r.layerTar(), null);
        Layer layer = layers.register(parentTop, blob, null);
        try {
            byte[] bytes = childConfig(r, config, layer.diffId(), catalog.clock.instant());
            return catalog.commit(bytes, r.parent(), List.of()).id();
        } finally {
            layers.release(layer.chainId());
        }
    }

    private byte[] childConfig(CommitRequest r, ImageConfig config, Digest diffId, Instant now) {
        ObjectNode parent = r.parent() == null ? ConfigCodec.JSON.createObjectNode() : parentConfig(r.parent());
        boolean empty = diffId.equals(EMPTY_LAYER);
        ObjectNode root = ConfigCodec.JSON.createObjectNode();
        root.put("architecture", parent.path("architecture").asText("amd64"));
        if (notEmpty(r.author())) root.put("author", r.author());
        if (notEmpty(r.comment())) root.put("comment", r.comment());
        root.set("config", withImage(ConfigCodec.writeConfig(config), r.image()));
        if (r.containerId() != null) root.put("container", r.containerId());
        root.set("container_config", withImage(ConfigCodec.writeConfig(r.containerConfig()), r.image()));
        root.put("created", now.toString());
        root.put("docker_version", LocalImageService.DOCKER_VERSION);
        ArrayNode history = root.putArray("history");
        parent.path("history").forEach(h -> history.add(h.deepCopy()));
        ObjectNode entry = history.addObject();
        entry.put("created", now.toString());
        if (notEmpty(r.author())) entry.put("author", r.author());
        entry.put("created_by", r.createdBy() == null ? "" : r.createdBy());
        if (notEmpty(r.comment())) entry.put("comment", r.comment());
        if (empty) entry.put("empty_layer", true);
        root.put("os", parent.path("os").asText("linux"));
        ObjectNode rootfs = root.putObject("rootfs");
        rootfs.put("type", "layers");
        ArrayNode diffIds = rootfs.putArray("diff_ids");
        parent.path("rootfs").path("diff_ids").forEach(d -> diffIds.add(d.asText()));
        if (!empty) diffIds.add(diffId.toString());
        for (String keep : List.of("variant", "os.version", "os.features")) {
            if (parent.hasNonNull(keep)) root.set(keep, parent.get(keep).deepCopy());
        }
        try {
            return ConfigCodec.JSON.writeValueAsBytes(root);
        } catch (JsonProcessingException e) {
            throw new BerthException.Internal("cannot encode image config", e);
        }
    }

    private ObjectNode parentConfig(Digest id) {
        try {
            JsonNode n = ConfigCodec.JSON.readTree(catalog.store.config(id));
            return n instanceof ObjectNode o ? o : ConfigCodec.JSON.createObjectNode();
        } catch (IOException e) {
            throw new BerthException.Internal("cannot read the config of " + id + ": " + e.getMessage(), e);
        }
    }

    private static ObjectNode withImage(ObjectNode config, String image) {
        config.put("Image", image == null ? "" : image);
        return config;
    }

    /**
     * dockerd's {@code merge(userConf, imageConf)}: what the commit config leaves unset comes from
     * the container's; env, labels, ports and volumes are unions where the commit's values win.
     */
    static ImageConfig merge(ImageConfig user, ImageConfig container) {
        if (container == null) return user;
        ImageConfig out = user;
        if (isEmpty(out.user())) out = out.withUser(container.user());
        out = out.withExposedPorts(union(out.exposedPorts(), container.exposedPorts()));
        if (out.env() == null || out.env().isEmpty()) {
            out = out.withEnv(container.env());
        } else if (container.env() != null) {
            List<String> env = new ArrayList<>(out.env());
            Set<String> keys = new LinkedHashSet<>();
            for (String e : out.env()) keys.add(e.split("=", 2)[0]);
            for (String e : container.env()) if (!keys.contains(e.split("=", 2)[0])) env.add(e);
            out = out.withEnv(env);
        }
        Map<String, String> labels = new LinkedHashMap<>(container.labels() == null ? Map.of() : container.labels());
        if (out.labels() != null) labels.putAll(out.labels());
        out = out.withLabels(labels);
        if (out.entrypoint() == null || out.entrypoint().isEmpty()) {
            if (out.cmd() == null || out.cmd().isEmpty()) out = out.withCmd(container.cmd());
            if (out.entrypoint() == null) out = out.withEntrypoint(container.entrypoint());
        }
        if (out.healthcheck() == null) out = out.withHealthcheck(container.healthcheck());
        if (isEmpty(out.workingDir())) out = out.withWorkingDir(container.workingDir());
        out = out.withVolumes(union(out.volumes(), container.volumes()));
        if (isEmpty(out.stopSignal())) out = out.withStopSignal(container.stopSignal());
        return out;
    }

    private static Set<String> union(Set<String> mine, Set<String> theirs) {
        if (mine == null || mine.isEmpty()) return theirs;
        if (theirs == null) return mine;
        Set<String> out = new LinkedHashSet<>(mine);
        out.addAll(theirs);
        return out;
    }

    private static boolean isEmpty(String s) { return s == null || s.isEmpty(); }

    private static boolean notEmpty(String s) { return !isEmpty(s); }
}
