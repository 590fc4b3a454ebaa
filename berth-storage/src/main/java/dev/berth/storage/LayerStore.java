package dev.berth.storage;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.berth.common.error.BerthException;
import dev.berth.common.io.AtomicFiles;
import dev.berth.core.image.Digest;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Layers keyed by chain ID under {@code <dataRoot>/<driver>/<chainHex>/} (a {@code diff/} tree and
 * a {@code layer.json}). A layer is built in a staging directory and renamed into place, so a
 * layer directory is either complete or absent, even after a crash.
 *
 * <p>Reference counting: {@link #register} and {@link #acquire} each give the caller one
 * reference, {@link #release} drops one; a layer's children hold one on it. A layer whose count
 * reaches zero is removed at once, together with its source blob when no other layer uses it.
 * Counts live in memory: after {@link #open}, the owner acquires the layers its images use and
 * calls {@link #removeUnreferenced()} to drop what a crash left behind.
 *
 * <p>Threading: safe for concurrent use; extraction runs outside the lock, so registering the same
 * layer twice at once costs one wasted extraction but yields one layer.
 */
public final class LayerStore {
    private static final Logger LOG = LoggerFactory.getLogger(LayerStore.class);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String LAYER_FILE = "layer.json";

    private final Path root;
    private final LayerDriver driver;
    private final BlobStore blobs;
    private final Object lock = new Object();
    private final Map<Digest, Layer> layers = new HashMap<>();
    private final Map<Digest, Integer> refs = new HashMap<>();
    private final Map<Digest, Integer> blobsInFlight = new HashMap<>();

    /** On-disk form of a layer, versioned apart from {@link Layer}. */
    private record LayerFile(int version, String chainId, String diffId, String parent, long diffSize,
                             long tarSize, String sourceBlob, String compression) {}

    private LayerStore(Path root, LayerDriver driver, BlobStore blobs) {
        this.root = root;
        this.driver = driver;
        this.blobs = blobs;
    }

    /**
     * Opens (or creates) the store. {@code driverName} is {@code "overlay2"}, {@code "vfs"} or null
     * to pick: the driver already holding layers, else overlay2 when a real overlay mount works in
     * the data root, else vfs. Asking for overlay2 where it cannot work is {@code Unavailable}.
     */
    public static LayerStore open(Path dataRoot, BlobStore blobs, String driverName) {
        LayerDriver driver = chooseDriver(dataRoot, driverName);
        LayerStore store = new LayerStore(dataRoot.resolve(driver.name()), driver, blobs);
        store.load();
        return store;
    }

    private static LayerDriver chooseDriver(Path dataRoot, String name) {
        if ("vfs".equals(name)) return new VfsLayerDriver();
        if (name != null && !name.equals("overlay2")) {
            throw new BerthException.InvalidArgument("unknown storage driver: " + name);
        }
        boolean overlay = OverlayLayerDriver.supported(dataRoot.resolve("overlay2"));
        if (name != null && !overlay) {
            throw new BerthException.Unavailable("storage driver overlay2 is not supported in " + dataRoot
                + " (needs root, kernel overlayfs and a backing filesystem that can be an upper layer)");
        }
        if (name == null && hasLayers(dataRoot.resolve("vfs")) && !hasLayers(dataRoot.resolve("overlay2"))) {
            return new VfsLayerDriver();
        }
        return overlay ? new OverlayLayerDriver() : new VfsLayerDriver();
    }

    private static boolean hasLayers(Path dir) {
        if (!Files.isDirectory(dir)) return false;
        try (DirectoryStream<Path> s = Files.newDirectoryStream(dir, p -> !p.getFileName().toString().startsWith("."))) {
            return s.iterator().hasNext();
        } catch (IOException e) {
            return false;
        }
    }

    public String driverName() { return driver.name(); }

    /**
     * Extracts the layer stored as blob {@code sourceBlob} (plain or compressed tar) on top of
     * {@code parentChainId} (null for a base layer) and returns it; the caller holds one reference.
     * When {@code expectedDiffId} is given, a different tar is {@code InvalidArgument}; on any
     * failure nothing is left behind, not even the source blob (unless another layer uses it).
     * A layer already present is reused without extracting.
     */
    public Layer register(Digest parentChainId, Digest sourceBlob, Digest expectedDiffId) {
        synchronized (lock) {
            if (expectedDiffId != null) {
                Layer existing = layers.get(Layer.chainId(parentChainId, expectedDiffId));
                if (existing != null) {
                    refs.merge(existing.chainId(), 1, Integer::sum);
                    return existing;
                }
            }
            if (parentChainId != null) acquireLocked(parentChainId); // keeps the parent during extraction
            blobsInFlight.merge(sourceBlob, 1, Integer::sum);
        }
        boolean ok = false;
        try {
            Layer layer = extractAndCommit(parentChainId, sourceBlob, expectedDiffId);
            ok = true;
            return layer;
        } finally {
            synchronized (lock) {
                blobsInFlight.computeIfPresent(sourceBlob, (k, n) -> n > 1 ? n - 1 : null);
                // a blob that failed to become a layer is useless: leave nothing behind
                if (!ok && !blobsInFlight.containsKey(sourceBlob)
                        && layers.values().stream().noneMatch(l -> l.sourceBlob().equals(sourceBlob))) {
                    blobs.delete(sourceBlob);
                }
            }
            if (parentChainId != null) release(parentChainId);
        }
    }

    private Layer extractAndCommit(Digest parent, Digest sourceBlob, Digest expectedDiffId) {
        Path staging = null;
        try {
            Files.createDirectories(root);
            staging = Files.createTempDirectory(root, ".staging-");
            Path diff = staging.resolve("diff");
            driver.prepare(diff, parent == null ? null : diffDir(parent));
            TarExtractor.Result result;
            Compression compression;
            try (BufferedInputStream raw = new BufferedInputStream(blobs.open(sourceBlob), 65536)) {
                compression = Compression.detect(raw);
                result = TarExtractor.apply(decompress(compression, raw), diff, driver.whiteouts());
            }
            if (expectedDiffId != null && !expectedDiffId.equals(result.diffId())) {
                throw new BerthException.InvalidArgument("layer diffID mismatch: expected " + expectedDiffId
                    + ", got " + result.diffId());
            }
            Layer layer = new Layer(Layer.chainId(parent, result.diffId()), result.diffId(), parent,
                result.diffSize(), result.tarSize(), sourceBlob, compression);
            AtomicFiles.write(staging.resolve(LAYER_FILE), JSON.writeValueAsBytes(toFile(layer)));
            synchronized (lock) {
                Layer existing = layers.get(layer.chainId());
                if (existing != null) {
                    refs.merge(existing.chainId(), 1, Integer::sum);
                    return existing; // lost a race with an identical registration; staging goes below
                }
                AtomicFiles.moveAtomically(staging, layerDir(layer.chainId()));
                staging = null;
                AtomicFiles.syncDirectory(root);
                layers.put(layer.chainId(), layer);
                refs.put(layer.chainId(), 1);
                if (parent != null) refs.merge(parent, 1, Integer::sum);
                return layer;
            }
        } catch (IOException e) {
            throw new BerthException.Internal("cannot register layer from " + sourceBlob + ": " + e.getMessage(), e);
        } finally {
            if (staging != null) deleteQuietly(staging);
        }
    }

    private static InputStream decompress(Compression compression, InputStream raw) {
        try {
            return compression.decompress(raw);
        } catch (IOException e) {
            throw new BerthException.InvalidArgument("invalid " + compression.name().toLowerCase() + " stream: "
                + e.getMessage(), e);
        }
    }

    public Optional<Layer> get(Digest chainId) {
        synchronized (lock) {
            return Optional.ofNullable(layers.get(chainId));
        }
    }

    public Layer require(Digest chainId) {
        return get(chainId).orElseThrow(() -> new BerthException.NotFound("layer " + chainId + " not found"));
    }

    public List<Layer> layers() {
        synchronized (lock) {
            return List.copyOf(layers.values());
        }
    }

    /** The layers of a chain, bottom first. */
    public List<Layer> chain(Digest chainId) {
        List<Layer> out = new ArrayList<>();
        synchronized (lock) {
            for (Digest c = chainId; c != null; ) {
                Layer l = layers.get(c);
                if (l == null) throw new BerthException.NotFound("layer " + c + " not found");
                out.addFirst(l);
                c = l.parent();
            }
        }
        return out;
    }

    /** Takes one more reference on an existing layer ({@code NotFound} if absent). */
    public void acquire(Digest chainId) {
        synchronized (lock) {
            acquireLocked(chainId);
        }
    }

    private void acquireLocked(Digest chainId) {
        if (!layers.containsKey(chainId)) throw new BerthException.NotFound("layer " + chainId + " not found");
        refs.merge(chainId, 1, Integer::sum);
    }

    /** Drops one reference; returns the layers this removed (the layer and any parents freed with it). */
    public List<Layer> release(Digest chainId) {
        List<Layer> removed = new ArrayList<>();
        List<Path> trash = new ArrayList<>();
        synchronized (lock) {
            Integer n = refs.get(chainId);
            if (n == null || !layers.containsKey(chainId)) return removed;
            refs.put(chainId, n - 1);
            dropUnreferencedLocked(chainId, removed, trash);
        }
        trash.forEach(LayerStore::deleteQuietly);
        return removed;
    }

    /** Removes layers nobody references (left over by a crash between layer and image commit). */
    public List<Layer> removeUnreferenced() {
        List<Layer> removed = new ArrayList<>();
        List<Path> trash = new ArrayList<>();
        synchronized (lock) {
            for (Digest c : List.copyOf(layers.keySet())) {
                if (layers.containsKey(c)) dropUnreferencedLocked(c, removed, trash);
            }
        }
        trash.forEach(LayerStore::deleteQuietly);
        return removed;
    }

    private void dropUnreferencedLocked(Digest chainId, List<Layer> removed, List<Path> trash) {
        Digest c = chainId;
        while (c != null && refs.getOrDefault(c, 0) <= 0) {
            Layer layer = layers.remove(c);
            refs.remove(c);
            Path dir = layerDir(c);
            Path moved = root.resolve(".removing-" + c.hex());
            try {
                AtomicFiles.moveAtomically(dir, moved);
                trash.add(moved);
            } catch (IOException e) {
                LOG.warn("cannot move layer {} aside for removal: {}", c, e.getMessage());
                trash.add(dir);
            }
            removed.add(layer);
            if (!blobsInFlight.containsKey(layer.sourceBlob())
                    && layers.values().stream().noneMatch(l -> l.sourceBlob().equals(layer.sourceBlob()))) {
                blobs.delete(layer.sourceBlob());
            }
            c = layer.parent();
            if (c != null) refs.merge(c, -1, Integer::sum);
        }
    }

    /** The original uncompressed layer tar; its sha256 is the layer's diffID. */
    public InputStream openLayerTar(Digest chainId) {
        Layer layer = require(chainId);
        InputStream raw = new BufferedInputStream(blobs.open(layer.sourceBlob()), 65536);
        try {
            return layer.compression().decompress(raw);
        } catch (IOException e) {
            throw new BerthException.Internal("cannot read layer " + chainId + ": " + e.getMessage(), e);
        }
    }

    /** Where a layer's (diff or, for vfs, full) tree lives. */
    public Path diffDir(Digest chainId) {
        return layerDir(chainId).resolve("diff");
    }

    /** The directories of the chain for a container rootfs: overlay's lowerdir order, bottom-most last. */
    public List<Path> lowerDirs(Digest chainId) {
        List<Path> topFirst = new ArrayList<>();
        for (Layer l : chain(chainId)) topFirst.addFirst(diffDir(l.chainId()));
        return driver.lowerDirs(topFirst);
    }

    private Path layerDir(Digest chainId) {
        return root.resolve(chainId.hex());
    }

    private void load() {
        try {
            Files.createDirectories(root);
            try (DirectoryStream<Path> entries = Files.newDirectoryStream(root)) {
                for (Path p : entries) {
                    String name = p.getFileName().toString();
                    if (name.startsWith(".")) {
                        deleteQuietly(p); // staging or half-removed layers of a previous run
                    } else {
                        loadLayer(p);
                    }
                }
            }
        } catch (IOException e) {
            throw new BerthException.Internal("cannot open layer store " + root + ": " + e.getMessage(), e);
        }
        for (Layer l : List.copyOf(layers.values())) {
            if (l.parent() != null) refs.merge(l.parent(), 1, Integer::sum);
        }
    }

    private void loadLayer(Path dir) {
        try {
            LayerFile f = JSON.readValue(dir.resolve(LAYER_FILE).toFile(), LayerFile.class);
            Layer l = new Layer(Digest.parse(f.chainId()), Digest.parse(f.diffId()),
                f.parent() == null ? null : Digest.parse(f.parent()), f.diffSize(), f.tarSize(),
                Digest.parse(f.sourceBlob()), Compression.valueOf(f.compression()));
            layers.put(l.chainId(), l);
            refs.putIfAbsent(l.chainId(), 0);
        } catch (IOException | RuntimeException e) {
            LOG.warn("ignoring unreadable layer {}: {}", dir, e.getMessage());
        }
    }

    private static LayerFile toFile(Layer l) {
        return new LayerFile(1, l.chainId().toString(), l.diffId().toString(),
            l.parent() == null ? null : l.parent().toString(), l.diffSize(), l.tarSize(),
            l.sourceBlob().toString(), l.compression().name());
    }

    private static void deleteQuietly(Path p) {
        try {
            FileTrees.deleteRecursively(p);
        } catch (IOException e) {
            LOG.warn("cannot delete {}: {}", p, e.getMessage());
        }
    }
}
