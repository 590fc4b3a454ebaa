package dev.berth.storage;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.berth.common.error.BerthException;
import dev.berth.common.io.AtomicFiles;
import dev.berth.core.image.Digest;
import dev.berth.sys.ErrnoException;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The per-container directories both snapshotters share, and the layer references they hold.
 *
 * <pre>
 * &lt;data-root&gt;/containers-rootfs/&lt;id&gt;/
 *     rootfs.json   written last by prepare: its presence means "complete"
 *     rw.img        only with a size limit: sparse ext4 image, loop-mounted on rw/
 *     rw/diff       overlay upperdir, or vfs' full copy of the image
 *     rw/work       overlay workdir (must share upperdir's filesystem, hence both under rw/)
 *     merged/       overlay mount point
 *     empty/        overlay lowerdir of an image without layers
 * </pre>
 *
 * Crash safety: a directory without {@code rootfs.json} is a prepare that did not finish and is
 * torn down before the next prepare or on remove. Removal unmounts, detaches the loop device,
 * renames the directory to {@code .removing-<id>} and deletes it; leftovers of that are deleted
 * when the store opens.
 */
final class RootfsStore {
    private static final Logger LOG = LoggerFactory.getLogger(RootfsStore.class);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_.-]{0,127}");
    static final String RECORD = "rootfs.json", IMAGE = "rw.img";

    /** On-disk form, versioned apart from anything in core. */
    record RootfsFile(int version, String driver, String imageTopChain, Long sizeLimitBytes) {
        Digest chain() { return imageTopChain == null ? null : Digest.parse(imageTopChain); }
    }

    private final Path root;
    private final LayerStore layers;
    private final LoopFilesystem loops;
    /**
     * Containers whose layer reference this process holds (taken by prepare or restore), with the
     * chain it is on: kept in memory so a remove that failed after deleting the record still
     * releases the right layers when retried.
     */
    private final Map<String, Holding> held = new ConcurrentHashMap<>();

    private record Holding(Digest chain) {}

    RootfsStore(Path dataRoot, LayerStore layers, LoopFilesystem loops) {
        this.root = dataRoot.resolve("containers-rootfs");
        this.layers = layers;
        this.loops = loops;
        try {
            Files.createDirectories(root);
            try (DirectoryStream<Path> s = Files.newDirectoryStream(root, p -> p.getFileName().toString().startsWith(".removing-"))) {
                for (Path p : s) {
                    MountTable.unmountAll(p);
                    deleteTree(p);
                }
            }
        } catch (IOException e) {
            throw new BerthException.Internal("cannot open " + root + ": " + e.getMessage(), e);
        }
    }

    LayerStore layers() { return layers; }

    Path dir(String id) {
        if (id == null || !ID.matcher(id).matches()) throw new BerthException.InvalidArgument("invalid container id: " + id);
        return root.resolve(id);
    }

    Path rw(String id) { return dir(id).resolve("rw"); }

    Path diff(String id) { return rw(id).resolve("diff"); }

    Optional<RootfsFile> record(String id) {
        Path f = dir(id).resolve(RECORD);
        if (!Files.exists(f)) return Optional.empty();
        try {
            return Optional.of(JSON.readValue(f.toFile(), RootfsFile.class));
        } catch (IOException e) {
            throw new BerthException.Internal("cannot read " + f + ": " + e.getMessage(), e);
        }
    }

    /** The record of a prepared container, else {@code NotFound}. */
    RootfsFile require(String id) {
        return record(id).orElseThrow(() -> new BerthException.NotFound("no root filesystem for container " + id));
    }

    /**
     * Starts a prepare: clears what an interrupted one left, takes the layer reference and creates
     * {@code <id>/rw} (loop-mounted when {@code sizeLimit} is set). Returns false when the
     * container is already complete (the reference is then held, and nothing else happens).
     */
    boolean begin(String id, Digest chain, Long sizeLimit) {
        Path dir = dir(id);
        if (record(id).isPresent()) {
            restore(id);
            return false;
        }
        if (Files.exists(dir)) {
            LOG.info("removing the half-prepared root filesystem of {}", id);
            teardown(id);
        }
        if (chain != null) layers.acquire(chain);
        try {
            Files.createDirectories(rw(id));
            if (sizeLimit != null) {
                loops.create(dir.resolve(IMAGE), sizeLimit);
                loops.mount(dir.resolve(IMAGE), rw(id));
            }
            return true;
        } catch (IOException | RuntimeException e) {
            abort(id, chain, e);
            throw e instanceof IOException io ? internal("cannot prepare", id, io) : (RuntimeException) e;
        }
    }

    /** Marks the prepare complete; from now on the container exists. */
    void commit(String id, String driver, Digest chain, Long sizeLimit) {
        RootfsFile f = new RootfsFile(1, driver, chain == null ? null : chain.toString(), sizeLimit);
        try {
            AtomicFiles.write(dir(id).resolve(RECORD), JSON.writeValueAsBytes(f));
        } catch (IOException | RuntimeException e) {
            abort(id, chain, e);
            throw e instanceof IOException io ? internal("cannot prepare", id, io) : (RuntimeException) e;
        }
        held.put(id, new Holding(chain));
    }

    /** Undoes a failed prepare, keeping the original failure as the one reported. */
    void abort(String id, Digest chain, Exception cause) {
        try {
            teardown(id);
        } catch (RuntimeException e) {
            cause.addSuppressed(e);
        }
        if (chain != null) layers.release(chain);
    }

    /** Takes the layer reference of an existing container once; mounts its size-limited fs again after a reboot. */
    void restore(String id) {
        RootfsFile f = require(id);
        if (!held.containsKey(id)) {
            if (f.chain() != null) layers.acquire(f.chain());
            held.put(id, new Holding(f.chain()));
        }
        ensureRwMounted(id);
    }

    void ensureRwMounted(String id) {
        Path image = dir(id).resolve(IMAGE);
        if (Files.exists(image) && !MountTable.isMountPoint(rw(id))) loops.mount(image, rw(id));
    }

    /** Deletes everything of {@code id} and drops the reference if held; absent is fine. */
    void remove(String id) {
        teardown(id);
        Holding h = held.remove(id);
        if (h != null && h.chain() != null) layers.release(h.chain());
    }

    /** Unmounts, detaches the loop device and deletes the directory (moved aside first, so a crash mid-delete is recognisable). */
    void teardown(String id) {
        Path dir = dir(id);
        if (!Files.exists(dir)) return;
        try {
            MountTable.unmountAll(dir);
            if (Files.exists(dir.resolve(IMAGE))) loops.detach(dir.resolve(IMAGE));
            List<Path> left = MountTable.mountsUnder(dir);
            if (!left.isEmpty()) throw new BerthException.Internal("still mounted under " + dir + ": " + left);
            Path aside = root.resolve(".removing-" + id);
            deleteTree(aside);
            AtomicFiles.moveAtomically(dir, aside);
            deleteTree(aside);
        } catch (ErrnoException e) {
            throw internal("cannot unmount", id, e);
        } catch (IOException e) {
            throw internal("cannot remove", id, e);
        }
    }

    private static void deleteTree(Path p) throws IOException {
        FileTrees.deleteRecursively(p);
    }

    static BerthException.Internal internal(String what, String id, IOException e) {
        return new BerthException.Internal(what + " the root filesystem of " + id + ": " + e.getMessage(), e);
    }
}
