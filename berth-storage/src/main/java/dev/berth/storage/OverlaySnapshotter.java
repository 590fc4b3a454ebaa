package dev.berth.storage;

import static java.nio.file.LinkOption.NOFOLLOW_LINKS;

import dev.berth.common.error.BerthException;
import dev.berth.core.container.Snapshotter;
import dev.berth.core.image.Digest;
import dev.berth.sys.ErrnoException;
import dev.berth.sys.Mounts;
import dev.berth.sys.PathHandles;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * Container root filesystems as overlay mounts of the image's layers (from an overlay2
 * {@link LayerStore}) under a per-container upper directory; the layout is {@link RootfsStore}'s.
 *
 * <p>Long layer chains: mount options must fit in one page (4096 bytes including the NUL), which
 * absolute lowerdir paths overflow at a few dozen layers. dockerd chdirs in a re-exec'd child and
 * passes short relative symlinks; a JVM cannot chdir one thread. Instead, when the absolute list
 * does not fit, each layer directory is opened as an O_PATH descriptor and named
 * {@code /proc/self/fd/N} (about 18 bytes per layer, so well over 127 layers, docker's own limit),
 * and the descriptors are closed right after the mount: overlay holds the directories, not the
 * descriptors. Short chains keep absolute paths, so {@code mount} output stays readable.
 */
public final class OverlaySnapshotter implements Snapshotter {
    /** One page minus room for the NUL and for the kernel's own formatting. */
    static final int MAX_OPTIONS = 4000;
    private static final Path OVERLAY_PARAMS = Path.of("/sys/module/overlay/parameters");

    private final RootfsStore store;

    OverlaySnapshotter(RootfsStore store) {
        if (!store.layers().driverName().equals("overlay2")) {
            throw new IllegalArgumentException("overlay snapshots need overlay2 layers, not " + store.layers().driverName());
        }
        this.store = store;
    }

    @Override public String driverName() { return "overlay2"; }

    @Override public void prepare(String containerId, Digest imageTopChain, Long sizeLimitBytes) {
        if (!store.begin(containerId, imageTopChain, sizeLimitBytes)) return;
        Path dir = store.dir(containerId);
        try {
            Files.createDirectory(store.diff(containerId));
            Files.createDirectory(work(containerId));
            Files.createDirectory(dir.resolve("merged"));
            if (imageTopChain == null) Files.createDirectory(dir.resolve("empty"));
        } catch (IOException e) {
            store.abort(containerId, imageTopChain, e);
            throw RootfsStore.internal("cannot prepare", containerId, e);
        }
        store.commit(containerId, driverName(), imageTopChain, sizeLimitBytes);
    }

    @Override public Path mount(String containerId) {
        RootfsStore.RootfsFile f = store.require(containerId);
        Path merged = merged(containerId);
        if (MountTable.isMountPoint(merged)) return merged;
        store.ensureRwMounted(containerId);
        List<Path> lowers = lowers(containerId, f);
        String tail = ",upperdir=" + store.diff(containerId) + ",workdir=" + work(containerId) + fixedOptions();
        String absolute = "lowerdir=" + join(lowers) + tail;
        List<Integer> fds = new ArrayList<>();
        try {
            String options = absolute;
            if (absolute.length() > MAX_OPTIONS) {
                List<Path> short_ = new ArrayList<>();
                for (Path l : lowers) {
                    int fd = PathHandles.openDirectory(l);
                    fds.add(fd);
                    short_.add(PathHandles.procPath(fd));
                }
                options = "lowerdir=" + join(short_) + tail;
                if (options.length() > MAX_OPTIONS) {
                    throw new BerthException.InvalidArgument("image has too many layers to mount (" + lowers.size() + ")");
                }
            }
            Mounts.mount("overlay", merged, "overlay", 0, options);
            return merged;
        } catch (ErrnoException e) {
            throw new BerthException.Internal("cannot mount the root filesystem of " + containerId + ": " + e.getMessage(), e);
        } finally {
            for (int fd : fds) {
                try {
                    PathHandles.close(fd);
                } catch (ErrnoException ignored) {
                    // closing an O_PATH descriptor cannot lose data
                }
            }
        }
    }

    /**
     * Kernels built with redirect_dir or metacopy on by default write renames and metadata-only
     * copy-ups as xattrs, which a diff walk cannot turn into a layer tar; ask for plain copy-up.
     * The inodes index ties lower layers to one upper and makes later mounts of shared layers
     * fail (ESTALE), so it goes off too, as dockerd does.
     */
    private static String fixedOptions() {
        StringBuilder sb = new StringBuilder();
        if (paramOn("index")) sb.append(",index=off");
        if (paramOn("redirect_dir")) sb.append(",redirect_dir=off");
        if (paramOn("metacopy")) sb.append(",metacopy=off");
        return sb.toString();
    }

    private static boolean paramOn(String name) {
        try {
            return Files.readString(OVERLAY_PARAMS.resolve(name)).strip().equals("Y");
        } catch (IOException e) {
            return false;
        }
    }

    @Override public void unmount(String containerId) {
        store.require(containerId);
        try {
            MountTable.unmount(merged(containerId));
        } catch (ErrnoException e) {
            throw new BerthException.Internal("cannot unmount the root filesystem of " + containerId + ": " + e.getMessage(), e);
        }
    }

    @Override public void remove(String containerId) { store.remove(containerId); }

    @Override public void restore(String containerId, Digest imageTopChain) { store.restore(containerId); }

    @Override public Path upperDir(String containerId) {
        store.require(containerId);
        return store.diff(containerId);
    }

    @Override public List<Change> changes(String containerId) {
        RootfsStore.RootfsFile f = store.require(containerId);
        try {
            return InitLayerPaths.without(
                OverlayChanges.of(store.diff(containerId), f.chain() == null ? List.of() : store.layers().lowerDirs(f.chain())));
        } catch (IOException e) {
            throw RootfsStore.internal("cannot compute changes of", containerId, e);
        }
    }

    /**
     * The upper directory as a layer, limited to what {@link #changes} shows and the directories
     * leading there: a directory overlay copied up only to reach a child keeps its image entry,
     * and the runtime's mountpoints stay out (see {@link InitLayerPaths}).
     */
    @Override public InputStream diffTar(String containerId) {
        store.require(containerId);
        Path upper = store.diff(containerId);
        return LayerTarWriter.stream(containerId, w -> writeTree(w, upper, "", keptPaths(changes(containerId))));
    }

    /** The changed paths (without their leading /) and every directory above them. */
    private static Set<String> keptPaths(List<Change> changes) {
        Set<String> kept = new HashSet<>();
        for (Change c : changes) {
            String rel = c.path().substring(1);
            kept.add(rel);
            for (int slash = rel.lastIndexOf('/'); slash > 0; slash = rel.lastIndexOf('/', slash - 1)) kept.add(rel.substring(0, slash));
        }
        return kept;
    }

    /** Upper directory to OCI layer: whiteout devices become {@code .wh.} files, opaque dirs get a marker. */
    private static void writeTree(LayerTarWriter w, Path upper, String dirRel, Set<String> kept) throws IOException {
        Path dir = dirRel.isEmpty() ? upper : upper.resolve(dirRel);
        for (String name : OverlayChanges.sortedNames(dir)) {
            String rel = dirRel.isEmpty() ? name : dirRel + "/" + name;
            if (!kept.contains(rel)) continue;
            Path file = dir.resolve(name);
            if (OverlayChanges.isWhiteout(file)) {
                w.whiteout(rel);
                continue;
            }
            w.node(file, rel);
            if (Files.isDirectory(file, NOFOLLOW_LINKS)) {
                if (OverlayChanges.isOpaque(file)) w.opaque(rel);
                writeTree(w, upper, rel, kept);
            }
        }
    }

    @Override public long sizeRw(String containerId) {
        store.require(containerId);
        return diskUsage(store.diff(containerId));
    }

    /** Bytes of regular files below {@code dir}, each inode once, as dockerd's SizeRw counts. */
    static long diskUsage(Path dir) {
        Set<Object> inodes = new HashSet<>();
        try (Stream<Path> s = Files.walk(dir)) {
            long total = 0;
            for (Path p : (Iterable<Path>) s::iterator) {
                if (!Files.isRegularFile(p, NOFOLLOW_LINKS)) continue;
                if (inodes.add(Files.getAttribute(p, "unix:ino", NOFOLLOW_LINKS))) total += Files.size(p);
            }
            return total;
        } catch (IOException e) {
            throw new BerthException.Internal("cannot measure " + dir + ": " + e.getMessage(), e);
        }
    }

    @Override public Map<String, String> driverData(String containerId) {
        RootfsStore.RootfsFile f = store.require(containerId);
        Map<String, String> data = new LinkedHashMap<>();
        if (f.chain() != null) data.put("LowerDir", join(store.layers().lowerDirs(f.chain())));
        data.put("MergedDir", merged(containerId).toString());
        data.put("UpperDir", store.diff(containerId).toString());
        data.put("WorkDir", work(containerId).toString());
        return data;
    }

    private List<Path> lowers(String id, RootfsStore.RootfsFile f) {
        return f.chain() == null ? List.of(store.dir(id).resolve("empty")) : store.layers().lowerDirs(f.chain());
    }

    private Path merged(String id) { return store.dir(id).resolve("merged"); }

    private Path work(String id) { return store.rw(id).resolve("work"); }

    private static String join(List<Path> dirs) {
        return dirs.stream().map(Path::toString).collect(Collectors.joining(":"));
    }
}
