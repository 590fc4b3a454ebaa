package dev.berth.image;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.berth.common.error.BerthException;
import dev.berth.core.image.Digest;
import dev.berth.core.image.ImageReference;
import dev.berth.storage.Layer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Date;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;

/**
 * {@code docker save}: one tar in the layout dockerd 25+ writes, an OCI image layout
 * ({@code oci-layout}, {@code index.json}, {@code blobs/sha256/…}) whose layer blobs are the
 * uncompressed layer tars, plus {@code manifest.json} and {@code repositories} pointing into the
 * same blobs, so that dockerd 20.10 (manifest.json only) and OCI tools both read it. Streams
 * layer tars straight from the layer store; nothing is buffered beyond configs and manifests.
 */
final class ArchiveWriter {
    static final String OCI_MANIFEST = "application/vnd.oci.image.manifest.v1+json";
    static final String OCI_INDEX = "application/vnd.oci.image.index.v1+json";
    static final String OCI_CONFIG = "application/vnd.oci.image.config.v1+json";
    static final String OCI_LAYER_TAR = "application/vnd.oci.image.layer.v1.tar";

    private final ImageCatalog catalog;

    ArchiveWriter(ImageCatalog catalog) {
        this.catalog = catalog;
    }

    /** Which images to save and under which tags, resolved as dockerd's exporter does. */
    Map<Digest, List<ImageReference>> resolve(List<String> names) {
        Map<Digest, List<ImageReference>> out = new LinkedHashMap<>();
        for (String name : names) {
            if (Digest.isDigest(name) || ImageReference.looksLikeId(name)) {
                out.computeIfAbsent(catalog.resolve(name), k -> new ArrayList<>());
                continue;
            }
            ImageReference ref;
            try {
                ref = ImageReference.parse(name);
            } catch (BerthException.InvalidArgument e) {
                out.computeIfAbsent(catalog.resolve(name), k -> new ArrayList<>()); // an ID prefix
                continue;
            }
            if (ref.tag() == null && ref.digest() == null) {
                boolean any = false;
                for (var e : catalog.store.references().entrySet()) {
                    ImageReference r = ImageReference.parse(e.getKey());
                    if (r.digest() == null && r.repository().equals(ref.repository())) {
                        addTag(out, e.getValue(), r);
                        any = true;
                    }
                }
                if (!any) out.computeIfAbsent(catalog.resolve(name), k -> new ArrayList<>());
            } else {
                Digest id = catalog.resolve(name);
                if (ref.digest() == null) addTag(out, id, ref);
                else out.computeIfAbsent(id, k -> new ArrayList<>());
            }
        }
        return out;
    }

    private static void addTag(Map<Digest, List<ImageReference>> out, Digest id, ImageReference ref) {
        List<ImageReference> tags = out.computeIfAbsent(id, k -> new ArrayList<>());
        if (!tags.contains(ref)) tags.add(ref);
    }

    void write(Map<Digest, List<ImageReference>> images, OutputStream out) {
        try {
            TarArchiveOutputStream tar = new TarArchiveOutputStream(out);
            tar.setLongFileMode(TarArchiveOutputStream.LONGFILE_POSIX);
            tar.setBigNumberMode(TarArchiveOutputStream.BIGNUMBER_POSIX);
            Set<String> written = new HashSet<>();
            dir(tar, "blobs/");
            dir(tar, "blobs/sha256/");
            ArrayNode index = ConfigCodec.JSON.createArrayNode();
            ArrayNode manifestJson = ConfigCodec.JSON.createArrayNode();
            Map<String, Map<String, String>> repositories = new TreeMap<>();
            for (var image : images.entrySet()) {
                writeImage(tar, written, image.getKey(), image.getValue(), index, manifestJson, repositories);
            }
            ObjectNode indexDoc = ConfigCodec.JSON.createObjectNode();
            indexDoc.put("schemaVersion", 2);
            indexDoc.put("mediaType", OCI_INDEX);
            indexDoc.set("manifests", index);
            file(tar, "index.json", bytes(indexDoc));
            file(tar, "manifest.json", bytes(manifestJson));
            file(tar, "oci-layout", "{\"imageLayoutVersion\":\"1.0.0\"}".getBytes(StandardCharsets.UTF_8));
            if (!repositories.isEmpty()) file(tar, "repositories", ConfigCodec.JSON.writeValueAsBytes(repositories));
            tar.finish();
            tar.flush();
        } catch (IOException e) {
            throw new BerthException.Internal("cannot write image archive: " + e.getMessage(), e);
        }
        for (Digest id : images.keySet()) catalog.publish("save", id, id.toString());
    }

    private void writeImage(TarArchiveOutputStream tar, Set<String> written, Digest id, List<ImageReference> tags,
                            ArrayNode index, ArrayNode manifestJson, Map<String, Map<String, String>> repositories)
            throws IOException {
        byte[] config = catalog.store.config(id);
        blob(tar, written, id, config);
        Digest top = catalog.topChain(id);
        List<Layer> chain = top == null ? List.of() : catalog.layers.chain(top);
        ObjectNode manifest = ConfigCodec.JSON.createObjectNode();
        manifest.put("schemaVersion", 2);
        manifest.put("mediaType", OCI_MANIFEST);
        manifest.set("config", descriptor(OCI_CONFIG, id, config.length));
        ArrayNode layerDescs = manifest.putArray("layers");
        ArrayNode layerPaths = ConfigCodec.JSON.createArrayNode();
        for (Layer l : chain) {
            String path = "blobs/sha256/" + l.diffId().hex();
            if (written.add(path)) {
                try (InputStream in = catalog.layers.openLayerTar(l.chainId())) {
                    stream(tar, path, in, l.tarSize());
                }
            }
            layerDescs.add(descriptor(OCI_LAYER_TAR, l.diffId(), l.tarSize()));
            layerPaths.add(path);
        }
        byte[] manifestBytes = bytes(manifest);
        Digest manifestDigest = Digest.sha256(manifestBytes);
        blob(tar, written, manifestDigest, manifestBytes);

        ObjectNode entry = manifestJson.addObject();
        entry.put("Config", "blobs/sha256/" + id.hex());
        if (tags.isEmpty()) {
            entry.putNull("RepoTags");
            index.add(descriptor(OCI_MANIFEST, manifestDigest, manifestBytes.length));
        } else {
            ArrayNode repoTags = entry.putArray("RepoTags");
            for (ImageReference t : tags) {
                repoTags.add(t.familiarString());
                ObjectNode d = descriptor(OCI_MANIFEST, manifestDigest, manifestBytes.length);
                ObjectNode annotations = d.putObject("annotations");
                annotations.put("io.containerd.image.name", t.toString());
                annotations.put("org.opencontainers.image.ref.name", t.tag());
                index.add(d);
                if (!chain.isEmpty()) {
                    repositories.computeIfAbsent(t.familiarRepository(), k -> new TreeMap<>())
                        .put(t.tag(), chain.getLast().diffId().hex());
                }
            }
        }
        entry.set("Layers", layerPaths);
    }

    private static ObjectNode descriptor(String mediaType, Digest digest, long size) {
        ObjectNode d = ConfigCodec.JSON.createObjectNode();
        d.put("mediaType", mediaType);
        d.put("digest", digest.toString());
        d.put("size", size);
        return d;
    }

    private static byte[] bytes(Object node) throws JsonProcessingException {
        return ConfigCodec.JSON.writeValueAsBytes(node);
    }

    private static void blob(TarArchiveOutputStream tar, Set<String> written, Digest d, byte[] content) throws IOException {
        String path = "blobs/sha256/" + d.hex();
        if (written.add(path)) file(tar, path, content);
    }

    private static TarArchiveEntry entry(String name) {
        TarArchiveEntry e = new TarArchiveEntry(name);
        e.setModTime(new Date(0));
        return e;
    }

    private static void dir(TarArchiveOutputStream tar, String name) throws IOException {
        TarArchiveEntry e = entry(name);
        e.setMode(040755);
        tar.putArchiveEntry(e);
        tar.closeArchiveEntry();
    }

    private static void file(TarArchiveOutputStream tar, String name, byte[] content) throws IOException {
        TarArchiveEntry e = entry(name);
        e.setMode(0100644);
        e.setSize(content.length);
        tar.putArchiveEntry(e);
        tar.write(content);
        tar.closeArchiveEntry();
    }

    private static void stream(TarArchiveOutputStream tar, String name, InputStream in, long size) throws IOException {
        TarArchiveEntry e = entry(name);
        e.setMode(0100644);
        e.setSize(size);
        tar.putArchiveEntry(e);
        long copied = in.transferTo(tar);
        if (copied != size) throw new IOException("layer " + name + " has " + copied + " bytes, expected " + size);
        tar.closeArchiveEntry();
    }
}
