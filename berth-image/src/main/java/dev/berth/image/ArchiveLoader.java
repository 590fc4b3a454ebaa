package dev.berth.image;

import com.fasterxml.jackson.databind.JsonNode;
import dev.berth.common.error.BerthException;
import dev.berth.core.image.Digest;
import dev.berth.core.image.ImageReference;
import dev.berth.core.image.Progress;
import dev.berth.storage.BlobStore;
import dev.berth.storage.Layer;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;

import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code docker load}: reads a docker-save archive (manifest.json) or an OCI image layout, stages
 * it, registers every layer of every image (holding references), and only then commits the
 * images. Any failure releases the layers, so a broken archive leaves nothing behind.
 */
final class ArchiveLoader {
    private static final Logger LOG = LoggerFactory.getLogger(ArchiveLoader.class);
    private static final Set<String> INDEX_TYPES = Set.of("application/vnd.oci.image.index.v1+json",
        "application/vnd.docker.distribution.manifest.list.v2+json");

    private final ImageCatalog catalog;
    private final BlobStore blobs;
    private final Path tmpRoot;

    ArchiveLoader(ImageCatalog catalog, BlobStore blobs, Path tmpRoot) {
        this.catalog = catalog;
        this.blobs = blobs;
        this.tmpRoot = tmpRoot;
    }

    /** One image to load: its config, its layer files (bottom first) and the names it carries. */
    private record Pending(byte[] config, ParsedConfig parsed, List<LayerFile> layers, List<ImageReference> names) {}

    /** A layer inside the archive; {@code digest} is the descriptor digest OCI layouts give, else null. */
    private record LayerFile(String path, Digest digest) {}

    List<String> load(InputStream archive, Progress progress) {
        Path dir;
        try {
            Files.createDirectories(tmpRoot);
            dir = Files.createTempDirectory(tmpRoot, "load-");
        } catch (IOException e) {
            throw new BerthException.Internal("cannot create staging directory: " + e.getMessage(), e);
        }
        List<Digest> held = new ArrayList<>();
        try {
            StagedArchive staged = StagedArchive.read(archive, dir);
            List<Pending> images;
            if (staged.has("manifest.json")) {
                images = dockerImages(staged);
            } else if (staged.has("index.json")) {
                images = ociImages(staged);
            } else if (staged.has("repositories")) {
                throw new BerthException.InvalidArgument(
                    "invalid archive: legacy (docker < 1.10) save format without manifest.json is not supported");
            } else {
                throw new BerthException.InvalidArgument("invalid archive: neither manifest.json nor index.json found");
            }
            for (Pending p : images) registerLayers(staged, p, held, progress);
            List<String> loaded = new ArrayList<>();
            for (Pending p : images) loaded.addAll(commit(p, progress));
            return loaded;
        } finally {
            for (int i = held.size() - 1; i >= 0; i--) catalog.layers.release(held.get(i));
            try {
                deleteTree(dir);
            } catch (RuntimeException | IOException e) {
                LOG.warn("cannot remove staging directory {}: {}", dir, e.getMessage());
            }
        }
    }

    private List<Pending> dockerImages(StagedArchive staged) {
        JsonNode manifest = json(staged.read("manifest.json"), "manifest.json");
        if (!manifest.isArray()) throw new BerthException.InvalidArgument("invalid manifest.json: not an array");
        List<Pending> out = new ArrayList<>();
        for (JsonNode entry : manifest) {
            String configPath = entry.path("Config").asText("");
            if (configPath.isEmpty()) throw new BerthException.InvalidArgument("invalid manifest.json: entry without Config");
            byte[] config = staged.read(configPath);
            ParsedConfig parsed = ConfigCodec.parse(config);
            List<LayerFile> layers = new ArrayList<>();
            for (JsonNode l : entry.path("Layers")) layers.add(new LayerFile(l.asText(), null));
            List<ImageReference> names = new ArrayList<>();
            for (JsonNode t : entry.path("RepoTags")) names.add(ImageReference.parse(t.asText()).withDefaultTag());
            out.add(new Pending(config, parsed, layers, names));
        }
        return out;
    }

    private List<Pending> ociImages(StagedArchive staged) {
        JsonNode index = json(staged.read("index.json"), "index.json");
        List<Pending> out = new ArrayList<>();
        for (JsonNode desc : index.path("manifests")) {
            List<ImageReference> names = ociNames(desc.path("annotations"));
            JsonNode manifestDesc = desc;
            if (INDEX_TYPES.contains(desc.path("mediaType").asText())) {
                manifestDesc = pickPlatform(json(blob(staged, desc), "index " + desc.path("digest").asText()));
                if (manifestDesc == null) continue;
            }
            JsonNode manifest = json(blob(staged, manifestDesc), "manifest " + manifestDesc.path("digest").asText());
            byte[] config = blob(staged, manifest.path("config"));
            ParsedConfig parsed = ConfigCodec.parse(config);
            List<LayerFile> layers = new ArrayList<>();
            for (JsonNode l : manifest.path("layers")) {
                Digest d = Digest.parse(l.path("digest").asText());
                layers.add(new LayerFile("blobs/" + d.algorithm() + "/" + d.hex(), d));
            }
            out.add(new Pending(config, parsed, layers, names));
        }
        return out;
    }

    /** containerd's full name wins; a ref.name counts only when it is a whole reference, not a bare tag. */
    private static List<ImageReference> ociNames(JsonNode annotations) {
        String full = annotations.path("io.containerd.image.name").asText("");
        if (!full.isEmpty()) return List.of(ImageReference.parse(full).withDefaultTag());
        String ref = annotations.path("org.opencontainers.image.ref.name").asText("");
        if (ref.contains("/") || ref.contains(":")) {
            try {
                return List.of(ImageReference.parse(ref).withDefaultTag());
            } catch (BerthException.InvalidArgument e) {
                return List.of();
            }
        }
        return List.of();
    }

    private static JsonNode pickPlatform(JsonNode index) {
        JsonNode fallback = null;
        for (JsonNode m : index.path("manifests")) {
            if (m.path("annotations").path("vnd.docker.reference.type").asText("").equals("attestation-manifest")) continue;
            JsonNode platform = m.path("platform");
            if (platform.isMissingNode()) {
                if (fallback == null) fallback = m;
            } else if (platform.path("os").asText().equals("linux") && platform.path("architecture").asText().equals("amd64")) {
                return m;
            }
        }
        return fallback;
    }

    private static byte[] blob(StagedArchive staged, JsonNode descriptor) {
        Digest d = Digest.parse(descriptor.path("digest").asText(""));
        String path = "blobs/" + d.algorithm() + "/" + d.hex();
        if (!staged.digest(path).equals(d)) {
            throw new BerthException.InvalidArgument("invalid archive: " + path + " does not match its digest");
        }
        return staged.read(path);
    }

    private void registerLayers(StagedArchive staged, Pending p, List<Digest> held, Progress progress) {
        if (p.parsed().diffIds().size() != p.layers().size()) {
            throw new BerthException.InvalidArgument("invalid manifest, layers length mismatch: expected "
                + p.parsed().diffIds().size() + ", got " + p.layers().size());
        }
        Digest parent = null;
        for (int i = 0; i < p.layers().size(); i++) {
            Digest diffId = p.parsed().diffIds().get(i);
            Layer layer = registerLayer(staged, parent, p.layers().get(i), diffId, i);
            held.add(layer.chainId());
            progress.bytes(diffId.shortHex(), "Loading layer", layer.tarSize(), layer.tarSize());
            parent = layer.chainId();
        }
    }

    private Layer registerLayer(StagedArchive staged, Digest parent, LayerFile file, Digest diffId, int index) {
        Digest chain = Layer.chainId(parent, diffId);
        try {
            catalog.layers.acquire(chain);
            return catalog.layers.require(chain);
        } catch (BerthException.NotFound absent) {
            // not there yet: extract it below
        }
        Digest blob = staged.digest(file.path());
        if (file.digest() != null && !file.digest().equals(blob)) {
            throw new BerthException.InvalidArgument("invalid archive: " + file.path() + " does not match its digest");
        }
        if (staged.exists(file.path())) blobs.adopt(staged.file(file.path()), blob);
        try {
            return catalog.layers.register(parent, blob, diffId);
        } catch (BerthException.InvalidArgument e) {
            throw new BerthException.InvalidArgument("invalid layer " + index + " (" + file.path() + "): " + e.getMessage(), e);
        }
    }

    private List<String> commit(Pending p, Progress progress) {
        ImageCatalog.Committed c = catalog.commit(p.config(), null, p.names());
        for (var moved : c.displaced().entrySet()) {
            progress.stream("The image " + ImageCatalog.familiar(moved.getKey()) + " already exists, renaming the old one with ID "
                + moved.getValue() + " to empty string\n");
        }
        List<String> loaded = new ArrayList<>();
        Set<String> seen = new LinkedHashSet<>();
        for (ImageReference name : p.names()) {
            if (seen.add(name.familiarString())) {
                progress.stream("Loaded image: " + name.familiarString() + "\n");
                loaded.add(name.familiarString());
            }
        }
        if (p.names().isEmpty()) {
            progress.stream("Loaded image ID: " + c.id() + "\n");
            loaded.add(c.id().toString());
        }
        catalog.publish("load", c.id(), c.id().toString());
        return loaded;
    }

    private static JsonNode json(byte[] bytes, String what) {
        try {
            JsonNode n = ConfigCodec.JSON.readTree(bytes);
            if (n == null) throw new IOException("empty");
            return n;
        } catch (IOException e) {
            throw new BerthException.InvalidArgument("invalid " + what + ": " + e.getMessage(), e);
        }
    }

    static void deleteTree(Path dir) throws IOException {
        if (!Files.exists(dir)) return;
        try (var walk = Files.walk(dir)) {
            for (Path p : walk.sorted(java.util.Comparator.reverseOrder()).toList()) Files.deleteIfExists(p);
        }
    }

}
