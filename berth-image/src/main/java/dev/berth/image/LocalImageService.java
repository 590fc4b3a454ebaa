package dev.berth.image;

import dev.berth.common.error.BerthException;
import dev.berth.core.event.EventBus;
import dev.berth.core.filter.Filters;
import dev.berth.core.image.Digest;
import dev.berth.core.image.Image;
import dev.berth.core.image.ImageConfig;
import dev.berth.core.image.ImageDeletion;
import dev.berth.core.image.ImageHistoryItem;
import dev.berth.core.image.ImageReference;
import dev.berth.core.image.ImageService;
import dev.berth.core.image.Progress;
import dev.berth.core.image.RegistryCredentials;
import dev.berth.image.registry.RegistryClient;
import dev.berth.image.registry.RegistrySettings;
import dev.berth.storage.BlobStore;
import dev.berth.storage.ImageMetadataStore;
import dev.berth.storage.Layer;
import dev.berth.storage.LayerStore;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@link ImageService} over the local stores under one data root: blobs
 * ({@code blobs/sha256}), layers ({@code overlay2/} or {@code vfs/}), image configs, metadata and
 * references ({@code image/}), and staging space ({@code tmp/}).
 *
 * <p>Lifecycle: the constructor opens (or creates) the stores and takes a layer reference for
 * every image. Whoever else holds layers (container root filesystems) re-acquires them next, and
 * then the daemon calls {@link #removeUnreferencedLayers()} to drop what a crash left behind.
 *
 * <p>Threading: all methods are thread-safe. Name and metadata changes are serialised by one
 * lock; extraction, staging and archive streaming run outside it.
 *
 * <p>Registry integration: a registry client downloads layer blobs into {@link #blobs()} and
 * calls {@link #registerImage}; for push it reads {@link #pushSource}.
 */
public final class LocalImageService implements ImageService {
    private static final Logger LOG = LoggerFactory.getLogger(LocalImageService.class);
    static final String DOCKER_VERSION = "berth";

    private final BlobStore blobs;
    private final LayerStore layers;
    private final ImageCatalog catalog;
    private final Path tmp;
    private final RegistryTransfers transfers;

    /**
     * @param dataRoot       the daemon's data root, created if missing
     * @param storageDriver  {@code "overlay2"}, {@code "vfs"}, or null to choose automatically
     * @param events         receives image events (tag, untag, delete, load, save, import, prune)
     * @param clock          time for created/lastTagTime and filter arithmetic
     */
    public LocalImageService(Path dataRoot, String storageDriver, EventBus events, Clock clock) {
        this(dataRoot, storageDriver, events, clock, ImageUsers.NONE, new RegistryClient(RegistrySettings.DEFAULT));
    }

    /**
     * As above, with the containers' view of which images are in use (for rmi and prune) and the
     * registry client (mirrors, insecure registries) for pull, push and login.
     */
    public LocalImageService(Path dataRoot, String storageDriver, EventBus events, Clock clock, ImageUsers users,
                             RegistryClient registry) {
        this.tmp = dataRoot.resolve("tmp");
        try {
            Files.createDirectories(dataRoot);
            ArchiveLoader.deleteTree(tmp); // staging of loads interrupted by a crash
            Files.createDirectories(tmp);
        } catch (IOException e) {
            throw new BerthException.Internal("cannot prepare data root " + dataRoot + ": " + e.getMessage(), e);
        }
        this.blobs = new BlobStore(dataRoot);
        this.layers = LayerStore.open(dataRoot, blobs, storageDriver);
        this.catalog = new ImageCatalog(ImageMetadataStore.open(dataRoot), layers, events, clock, users);
        this.transfers = new RegistryTransfers(registry, this, catalog);
        for (Digest id : catalog.store.ids()) {
            try {
                Digest top = catalog.topChain(id);
                if (top != null) layers.acquire(top);
            } catch (BerthException e) {
                LOG.warn("image {} is unusable: {}", id, e.getMessage());
            }
        }
    }

    public BlobStore blobs() { return blobs; }

    public LayerStore layers() { return layers; }

    /** The storage driver in use, for {@code docker info}. */
    public String storageDriver() { return layers.driverName(); }

    /** Drops layers no image or container holds; call once after containers re-acquired theirs. */
    public List<Layer> removeUnreferencedLayers() {
        return layers.removeUnreferenced();
    }

    @Override public List<Image> list(Filters filters, boolean all) {
        return new ImageQueries(catalog).list(filters, all);
    }

    @Override public Image inspect(String nameOrId) {
        return catalog.image(catalog.resolve(nameOrId));
    }

    /** The stored config bytes of an image (for {@code docker save}-like consumers and the builder). */
    public byte[] configBytes(String nameOrId) {
        return catalog.store.config(catalog.resolve(nameOrId));
    }

    @Override public List<ImageHistoryItem> history(String nameOrId) {
        return new ImageQueries(catalog).history(nameOrId);
    }

    @Override public void tag(String source, String repo, String tag) {
        if (repo != null && repo.matches("[a-f0-9]{64}")) {
            throw new BerthException.InvalidArgument("invalid repository name (" + repo
                + "), cannot specify 64-byte hexadecimal strings");
        }
        ImageReference ref = ImageReference.parse(tag == null || tag.isEmpty() ? repo : repo + ":" + tag);
        if (ref.digest() != null) throw new BerthException.InvalidArgument("refusing to create a tag with a digest reference");
        ImageReference target = ref.withDefaultTag();
        Digest id;
        synchronized (catalog.lock) {
            id = catalog.resolve(source);
            catalog.commit(catalog.store.config(id), null, List.of(target));
        }
        catalog.publish("tag", id, target.familiarString());
    }

    @Override public List<ImageDeletion> remove(String nameOrId, boolean force, boolean noPrune) {
        return new ImageDeleter(catalog).remove(nameOrId, force, noPrune);
    }

    @Override public List<String> load(InputStream archive, Progress progress) {
        return new ArchiveLoader(catalog, blobs, tmp).load(archive, progress);
    }

    @Override public void save(List<String> names, OutputStream out) {
        ArchiveWriter writer = new ArchiveWriter(catalog);
        writer.write(writer.resolve(names), out);
    }

    @Override public Image importRootfs(ImportRequest request, Progress progress) {
        ImageReference name = null;
        if (request.repository() != null && !request.repository().isEmpty()) {
            String text = request.tag() == null || request.tag().isEmpty()
                ? request.repository() : request.repository() + ":" + request.tag();
            name = ImageReference.parse(text).withDefaultTag();
            if (name.digest() != null) throw new BerthException.InvalidArgument("cannot import digest reference");
        }
        String[] platform = platform(request.platform());
        ImageConfig config = ConfigInstructions.apply(ImageConfig.EMPTY, request.changes());
        Digest blob = blobs.put(request.rootfs(), null);
        Layer layer = layers.register(null, blob, null);
        try {
            String comment = request.message() == null || request.message().isEmpty() ? "Imported from -" : request.message();
            byte[] configBytes = ConfigCodec.importedImage(config, catalog.clock.instant(), comment, platform[1],
                platform[2], platform[0], layer.diffId(), DOCKER_VERSION);
            ImageCatalog.Committed c = catalog.commit(configBytes, null, name == null ? List.of() : List.of(name));
            catalog.publish("import", c.id(), c.id().toString());
            if (name != null) catalog.publish("tag", c.id(), name.familiarString());
            progress.status(null, c.id().toString());
            return catalog.image(c.id());
        } finally {
            layers.release(layer.chainId());
        }
    }

    /** {@code os/arch[/variant]}; empty means the host's linux/amd64. */
    private static String[] platform(String spec) {
        if (spec == null || spec.isBlank()) return new String[] {"linux", "amd64", null};
        String[] p = spec.strip().toLowerCase().split("/");
        if (!p[0].equals("linux")) throw new BerthException.InvalidArgument("operating system is not supported: " + p[0]);
        String arch = p.length > 1 ? p[1] : "amd64";
        return new String[] {p[0], arch, p.length > 2 ? p[2] : null};
    }

    @Override public PruneReport prune(Filters filters) {
        return new ImageDeleter(catalog).prune(filters);
    }

    @Override public Image commit(CommitRequest request) {
        Digest id = new ImageCommitter(catalog, blobs, layers).commit(request);
        if (request.repository() != null && !request.repository().isEmpty()) {
            tag(id.toString(), request.repository(), request.tag());
        }
        return catalog.image(id);
    }

    @Override public Digest restoreBuildStep(Digest parent, Digest source, ImageConfig stepConfig) {
        return new CachedStepRestorer(catalog).restore(parent, source, stepConfig);
    }

    @Override public DiskUsage diskUsage() {
        return new ImageQueries(catalog).diskUsage();
    }

    @Override public Image pull(String reference, RegistryCredentials credentials, Progress progress) {
        return transfers.pull(reference, credentials, progress);
    }

    @Override public void push(String repository, String tag, RegistryCredentials credentials, Progress progress) {
        transfers.push(repository, tag, credentials, progress);
    }

    @Override public String login(RegistryCredentials credentials) {
        return transfers.login(credentials);
    }

    /**
     * Registers a pulled image: {@code layerBlobs} (bottom first, already in {@link #blobs()},
     * compressed or not) are extracted and checked against the config's diff IDs, then the image
     * is stored and named {@code name} (a tag; may be null) and {@code repo@manifestDigest} (may be
     * null). A failure leaves no layer or image behind. Layers already present are not extracted
     * again: use {@link #layers()} to skip downloading them and pass any blob digest for those.
     */
    public Image registerImage(byte[] config, List<Digest> layerBlobs, ImageReference name, Digest manifestDigest) {
        ParsedConfig parsed = ConfigCodec.parse(config);
        if (parsed.diffIds().size() != layerBlobs.size()) {
            throw new BerthException.InvalidArgument("image config has " + parsed.diffIds().size()
                + " layers, " + layerBlobs.size() + " blobs given");
        }
        List<Digest> held = new ArrayList<>();
        try {
            Digest parent = null;
            for (int i = 0; i < layerBlobs.size(); i++) {
                Layer l = layers.register(parent, layerBlobs.get(i), parsed.diffIds().get(i));
                held.add(l.chainId());
                parent = l.chainId();
            }
            List<ImageReference> names = new ArrayList<>();
            if (name != null) {
                if (name.tag() != null) names.add(name.withTag(name.tag()));
                if (manifestDigest != null) names.add(new ImageReference(name.domain(), name.path(), null, manifestDigest));
            }
            ImageCatalog.Committed c = catalog.commit(config, null, names);
            return catalog.image(c.id());
        } finally {
            for (int i = held.size() - 1; i >= 0; i--) layers.release(held.get(i));
        }
    }

    /** The config and layer blobs to push image {@code nameOrId}. */
    public PushSource pushSource(String nameOrId) {
        Digest id = catalog.resolve(nameOrId);
        byte[] config = catalog.store.config(id);
        Digest top = catalog.topChain(id);
        List<PushSource.PushLayer> out = new ArrayList<>();
        for (Layer l : top == null ? List.<Layer>of() : layers.chain(top)) {
            out.add(switch (l.compression()) {
                case GZIP -> new PushSource.PushLayer(l.diffId(), l.sourceBlob(), blobs.size(l.sourceBlob()),
                    PushSource.DOCKER_LAYER_GZIP, () -> blobs.open(l.sourceBlob()));
                case ZSTD -> new PushSource.PushLayer(l.diffId(), l.sourceBlob(), blobs.size(l.sourceBlob()),
                    PushSource.OCI_LAYER_ZSTD, () -> blobs.open(l.sourceBlob()));
                default -> new PushSource.PushLayer(l.diffId(), l.diffId(), l.tarSize(),
                    PushSource.DOCKER_LAYER_TAR, () -> layers.openLayerTar(l.chainId()));
            });
        }
        return new PushSource(id, config, out);
    }

    /** Exposed for the daemon's {@code docker info}: how many images there are. */
    public int imageCount() {
        return catalog.store.ids().size();
    }

}
