package dev.berth.daemon.container;

import dev.berth.common.error.BerthException;
import dev.berth.common.io.AtomicFiles;
import dev.berth.core.container.Snapshotter;
import dev.berth.core.image.Digest;
import dev.berth.storage.LayerStore;
import dev.berth.sys.ErrnoException;
import dev.berth.sys.Mounts;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * STOPGAP until berth-storage's snapshotter lands: an overlay mount of the image's layer dirs plus a
 * per-container upper dir under {@code <data-root>/rootfs/<id>/}. No diff, commit or size support.
 * Replace its single construction line in {@link dev.berth.daemon.Wiring} and delete this class.
 */
public final class InterimOverlaySnapshotter implements Snapshotter {
    private final Path root;
    private final LayerStore layers;

    public InterimOverlaySnapshotter(Path root, LayerStore layers) {
        this.root = root;
        this.layers = layers;
    }

    @Override public String driverName() { return "overlay2"; }

    private Path dir(String id) { return root.resolve(id); }

    private Digest chain(String id) {
        try {
            String s = Files.readString(dir(id).resolve("chain")).strip();
            return s.isEmpty() ? null : Digest.parse(s);
        } catch (IOException e) {
            throw new BerthException.NotFound("no root filesystem for container " + id);
        }
    }

    @Override
    public void prepare(String id, Digest top, Long sizeLimitBytes) {
        try {
            for (String d : List.of("upper", "work", "merged", "empty")) Files.createDirectories(dir(id).resolve(d));
        } catch (IOException e) {
            throw new BerthException.Internal("cannot prepare rootfs of " + id + ": " + e.getMessage(), e);
        }
        if (top != null) layers.acquire(top);
        AtomicFiles.write(dir(id).resolve("chain"), (top == null ? "" : top.toString()).getBytes(StandardCharsets.UTF_8));
    }

    @Override
    public Path mount(String id) {
        Path merged = dir(id).resolve("merged");
        if (mounted(merged)) return merged;
        Digest top = chain(id);
        List<Path> lower = top == null ? List.of(dir(id).resolve("empty")) : layers.lowerDirs(top);
        String opts = "lowerdir=" + String.join(":", lower.stream().map(Path::toString).toList())
            + ",upperdir=" + dir(id).resolve("upper") + ",workdir=" + dir(id).resolve("work");
        try {
            Mounts.mount("overlay", merged, "overlay", 0, opts);
        } catch (ErrnoException e) {
            throw new BerthException.Internal("cannot mount rootfs of " + id + ": " + e.getMessage(), e);
        }
        return merged;
    }

    @Override
    public void unmount(String id) {
        Path merged = dir(id).resolve("merged");
        while (mounted(merged)) {
            try {
                Mounts.unmount(merged, Mounts.MNT_DETACH);
            } catch (ErrnoException e) {
                throw new BerthException.Internal("cannot unmount rootfs of " + id + ": " + e.getMessage(), e);
            }
        }
    }

    @Override
    public void remove(String id) {
        if (!Files.exists(dir(id))) return;
        unmount(id);
        Digest top = chain(id);
        if (top != null) layers.release(top);
        try (var walk = Files.walk(dir(id))) {
            for (Path p : walk.sorted(java.util.Comparator.reverseOrder()).toList()) Files.deleteIfExists(p);
        } catch (IOException e) {
            throw new BerthException.Internal("cannot delete rootfs of " + id + ": " + e.getMessage(), e);
        }
    }

    @Override
    public void restore(String id, Digest top) {
        if (top != null && Files.exists(dir(id))) layers.acquire(top);
    }

    @Override public Path upperDir(String id) { return dir(id).resolve("upper"); }

    @Override public List<Change> changes(String id) { throw new BerthException.NotImplemented("docker diff is not supported yet"); }

    @Override public InputStream diffTar(String id) { throw new BerthException.NotImplemented("docker commit is not supported yet"); }

    @Override public long sizeRw(String id) { return 0; }

    @Override
    public Map<String, String> driverData(String id) {
        return Map.of("UpperDir", upperDir(id).toString(), "WorkDir", dir(id).resolve("work").toString(),
            "MergedDir", dir(id).resolve("merged").toString());
    }

    private static boolean mounted(Path p) {
        try {
            String target = " " + p.toAbsolutePath() + " ";
            return Files.readAllLines(Path.of("/proc/self/mountinfo")).stream().anyMatch(l -> l.contains(target));
        } catch (IOException e) {
            return false;
        }
    }
}
