package dev.berth.storage;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.berth.common.error.BerthException;
import dev.berth.common.io.AtomicFiles;
import dev.berth.core.image.Digest;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Image configs, per-image metadata and the reference table, under {@code <dataRoot>/image/}:
 * <pre>
 *   content/sha256/&lt;hex&gt;        config bytes exactly as received (the ID is their sha256)
 *   metadata/sha256/&lt;hex&gt;.json  {@link ImageMetadata}
 *   references.json               fully qualified "repo:tag" or "repo@digest" → image ID
 * </pre>
 * Configs are never re-serialised: parsing and writing JSON back would change the bytes and so the
 * ID. Every write is crash-safe; the whole store is read back on {@link #open}.
 *
 * <p>Threading: methods are individually atomic (synchronized). Callers that need several steps
 * to be atomic (tag moves, delete with untag) hold their own lock around them.
 */
public final class ImageMetadataStore {
    private static final Logger LOG = LoggerFactory.getLogger(ImageMetadataStore.class);
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Path content;
    private final Path metadataDir;
    private final Path referencesFile;
    private final Set<Digest> ids = new TreeSet<>();
    private final Map<Digest, ImageMetadata> metadata = new HashMap<>();
    private final Map<String, Digest> references = new TreeMap<>();

    private record MetadataFile(int version, String lastTagTime, String parent) {}

    private record ReferencesFile(int version, Map<String, String> references) {}

    private ImageMetadataStore(Path root) {
        this.content = root.resolve("content").resolve("sha256");
        this.metadataDir = root.resolve("metadata").resolve("sha256");
        this.referencesFile = root.resolve("references.json");
    }

    public static ImageMetadataStore open(Path dataRoot) {
        ImageMetadataStore store = new ImageMetadataStore(dataRoot.resolve("image"));
        store.load();
        return store;
    }

    /** Stores config bytes verbatim and returns the image ID (their sha256). Idempotent. */
    public synchronized Digest putConfig(byte[] config) {
        Digest id = Digest.sha256(config);
        if (!ids.contains(id)) {
            AtomicFiles.write(content.resolve(id.hex()), config);
            ids.add(id);
        }
        return id;
    }

    public synchronized boolean has(Digest id) {
        return ids.contains(id);
    }

    public synchronized Set<Digest> ids() {
        return Set.copyOf(ids);
    }

    /** The config bytes of image {@code id}; {@code NotFound} when there is no such image. */
    public byte[] config(Digest id) {
        try {
            return Files.readAllBytes(content.resolve(id.hex()));
        } catch (NoSuchFileException e) {
            throw new BerthException.NotFound("No such image: " + id);
        } catch (IOException e) {
            throw new BerthException.Internal("cannot read image config " + id + ": " + e.getMessage(), e);
        }
    }

    public synchronized ImageMetadata metadata(Digest id) {
        return metadata.getOrDefault(id, ImageMetadata.NONE);
    }

    public synchronized void putMetadata(Digest id, ImageMetadata m) {
        MetadataFile f = new MetadataFile(1, m.lastTagTime() == null ? null : m.lastTagTime().toString(),
            m.parent() == null ? null : m.parent().toString());
        try {
            AtomicFiles.write(metadataDir.resolve(id.hex() + ".json"), JSON.writeValueAsBytes(f));
        } catch (IOException e) {
            throw new BerthException.Internal("cannot encode image metadata: " + e.getMessage(), e);
        }
        metadata.put(id, m);
    }

    /** Deletes the image's config and metadata and every reference to it. */
    public synchronized void delete(Digest id) {
        if (references.values().removeIf(id::equals)) writeReferences();
        try {
            // metadata first: a config without metadata is still a valid image after a crash
            Files.deleteIfExists(metadataDir.resolve(id.hex() + ".json"));
            Files.deleteIfExists(content.resolve(id.hex()));
        } catch (IOException e) {
            throw new BerthException.Internal("cannot delete image " + id + ": " + e.getMessage(), e);
        }
        ids.remove(id);
        metadata.remove(id);
    }

    /** Snapshot of all references (fully qualified name → image ID), sorted by name. */
    public synchronized Map<String, Digest> references() {
        return new TreeMap<>(references);
    }

    public synchronized Digest reference(String fullName) {
        return references.get(fullName);
    }

    /** Adds (or moves) and removes references in one crash-safe write. */
    public synchronized void updateReferences(Map<String, Digest> put, Set<String> remove) {
        for (Digest id : put.values()) {
            if (!ids.contains(id)) throw new BerthException.NotFound("No such image: " + id);
        }
        references.keySet().removeAll(remove);
        references.putAll(put);
        writeReferences();
    }

    private void writeReferences() {
        Map<String, String> out = new TreeMap<>();
        references.forEach((k, v) -> out.put(k, v.toString()));
        try {
            AtomicFiles.write(referencesFile, JSON.writeValueAsBytes(new ReferencesFile(1, out)));
        } catch (IOException e) {
            throw new BerthException.Internal("cannot encode references: " + e.getMessage(), e);
        }
    }

    private void load() {
        try {
            Files.createDirectories(content);
            Files.createDirectories(metadataDir);
            try (DirectoryStream<Path> s = Files.newDirectoryStream(content)) {
                for (Path p : s) {
                    String name = p.getFileName().toString();
                    if (Digest.isDigest("sha256:" + name)) {
                        ids.add(new Digest("sha256", name));
                    } else if (name.startsWith(".")) {
                        Files.deleteIfExists(p); // temp file of an interrupted write
                    }
                }
            }
            for (Digest id : ids) loadMetadata(id);
            if (Files.exists(referencesFile)) {
                ReferencesFile f = JSON.readValue(referencesFile.toFile(), new TypeReference<ReferencesFile>() {});
                f.references().forEach((name, id) -> {
                    Digest d = Digest.parse(id);
                    if (ids.contains(d)) references.put(name, d);
                });
            }
        } catch (IOException e) {
            throw new BerthException.Internal("cannot open image store: " + e.getMessage(), e);
        }
    }

    private void loadMetadata(Digest id) {
        Path f = metadataDir.resolve(id.hex() + ".json");
        if (!Files.exists(f)) return;
        try {
            MetadataFile m = JSON.readValue(f.toFile(), MetadataFile.class);
            metadata.put(id, new ImageMetadata(m.lastTagTime() == null ? null : Instant.parse(m.lastTagTime()),
                m.parent() == null ? null : Digest.parse(m.parent())));
        } catch (IOException | RuntimeException e) {
            LOG.warn("ignoring unreadable metadata of image {}: {}", id, e.getMessage());
        }
    }
}
