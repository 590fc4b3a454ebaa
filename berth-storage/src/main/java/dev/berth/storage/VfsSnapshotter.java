package dev.berth.storage;

import static java.nio.file.LinkOption.NOFOLLOW_LINKS;

import dev.berth.core.container.Snapshotter;
import dev.berth.core.image.Digest;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Container root filesystems as full copies of the image's top layer (from a vfs
 * {@link LayerStore}, where every layer is a complete tree): works on any filesystem and needs no
 * mount, at the cost of one full copy per container. The copy is {@code rw/diff} of
 * {@link RootfsStore}'s layout; changes and the diff tar come from comparing it with the image.
 */
public final class VfsSnapshotter implements Snapshotter {
    private final RootfsStore store;

    VfsSnapshotter(RootfsStore store) {
        if (!store.layers().driverName().equals("vfs")) {
            throw new IllegalArgumentException("vfs snapshots need vfs layers, not " + store.layers().driverName());
        }
        this.store = store;
    }

    @Override public String driverName() { return "vfs"; }

    @Override public void prepare(String containerId, Digest imageTopChain, Long sizeLimitBytes) {
        if (!store.begin(containerId, imageTopChain, sizeLimitBytes)) return;
        try {
            if (imageTopChain == null) {
                Files.createDirectory(store.diff(containerId));
            } else {
                FileTrees.copy(store.layers().diffDir(imageTopChain), store.diff(containerId));
            }
        } catch (IOException e) {
            store.abort(containerId, imageTopChain, e);
            throw RootfsStore.internal("cannot prepare", containerId, e);
        }
        store.commit(containerId, driverName(), imageTopChain, sizeLimitBytes);
    }

    @Override public Path mount(String containerId) {
        store.require(containerId);
        store.ensureRwMounted(containerId);
        return store.diff(containerId);
    }

    /** Nothing is mounted per use; a size-limited filesystem stays mounted until remove. */
    @Override public void unmount(String containerId) { store.require(containerId); }

    @Override public void remove(String containerId) { store.remove(containerId); }

    @Override public void restore(String containerId, Digest imageTopChain) { store.restore(containerId); }

    @Override public Path upperDir(String containerId) {
        store.require(containerId);
        return store.diff(containerId);
    }

    @Override public List<Change> changes(String containerId) {
        RootfsStore.RootfsFile f = store.require(containerId);
        try {
            return InitLayerPaths.without(TreeChanges.of(image(f), store.diff(containerId)));
        } catch (IOException e) {
            throw RootfsStore.internal("cannot compute changes of", containerId, e);
        }
    }

    /** Added and changed paths as entries, deleted ones as whiteouts; computed when the reader starts reading. */
    @Override public InputStream diffTar(String containerId) {
        store.require(containerId);
        Path root = store.diff(containerId);
        return LayerTarWriter.stream(containerId, w -> {
            for (Change c : changes(containerId)) {
                String rel = c.path().substring(1);
                if (c.kind() == Change.Kind.DELETED) {
                    w.whiteout(rel);
                } else {
                    w.node(root.resolve(rel), rel);
                }
            }
        });
    }

    /** Bytes of added and changed regular files, each inode once (dockerd's vfs SizeRw). */
    @Override public long sizeRw(String containerId) {
        Path root = store.diff(containerId);
        Set<Object> inodes = new HashSet<>();
        long total = 0;
        try {
            for (Change c : changes(containerId)) {
                if (c.kind() == Change.Kind.DELETED) continue;
                Path p = root.resolve(c.path().substring(1));
                if (Files.isRegularFile(p, NOFOLLOW_LINKS) && inodes.add(Files.getAttribute(p, "unix:ino", NOFOLLOW_LINKS))) {
                    total += Files.size(p);
                }
            }
        } catch (IOException e) {
            throw RootfsStore.internal("cannot measure", containerId, e);
        }
        return total;
    }

    /** dockerd's vfs reports no driver data. */
    @Override public Map<String, String> driverData(String containerId) {
        store.require(containerId);
        return Map.of();
    }

    private Path image(RootfsStore.RootfsFile f) {
        return f.chain() == null ? null : store.layers().diffDir(f.chain());
    }
}
