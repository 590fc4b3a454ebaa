package dev.berth.core.container;

import dev.berth.common.error.BerthException;
import dev.berth.core.image.Image;
import dev.berth.core.image.ImageConfig;
import dev.berth.core.image.ImageService;
import dev.berth.core.runtime.RuntimeSpec;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@link ContainerFilesystemService} over the container context: the {@link Snapshotter} provides
 * the root filesystem (mounted here when the container is stopped, and unmounted again by the
 * last user), a {@link RootfsArchiver} reads and writes it, the {@link ImageService} stores
 * commits. As dockerd, the container's lock is not held while a stream is read; the mount is
 * kept alive by {@link RootfsUsers} instead, so a slow {@code docker cp} never blocks stop or exit.
 *
 * <p>Volumes and bind mounts: a path below a mount point is resolved in the mount's host
 * directory (volumes are mounted for the operation), so {@code docker cp} reaches the data the
 * container sees there; dockerd mounts them into its own namespace for the copy instead.
 */
final class LocalContainerFilesystemService implements ContainerFilesystemService {
    private static final Logger LOG = LoggerFactory.getLogger(LocalContainerFilesystemService.class);

    private final ContainerContext ctx;
    private final ContainerService containers;
    private final RootfsArchiver archiver;

    LocalContainerFilesystemService(ContainerContext ctx, ContainerService containers, RootfsArchiver archiver) {
        this.ctx = ctx;
        this.containers = containers;
        this.archiver = archiver;
    }

    @Override
    public PathStat statPath(String idOrName, String path) {
        Container c = ctx.index.resolve(idOrName);
        Acquired a = acquire(c);
        try {
            var at = a.locate(path);
            PathStat stat = archiver.stat(at.root(), at.path());
            if (stat == null) throw fileNotFound(path, idOrName);
            return at.name() == null ? stat : new PathStat(at.name(), stat.size(), stat.mode(), stat.mtime(), stat.linkTarget());
        } finally {
            release(a);
        }
    }

    @Override
    public PathArchive archive(String idOrName, String path) {
        Container c = ctx.index.resolve(idOrName);
        Acquired a = acquire(c);
        try {
            var at = a.locate(path);
            PathStat stat = archiver.stat(at.root(), at.path());
            if (stat == null) throw fileNotFound(path, idOrName);
            if (at.name() != null) stat = new PathStat(at.name(), stat.size(), stat.mode(), stat.mtime(), stat.linkTarget());
            InputStream tar = releasing(at.name() == null ? archiver.archive(at.root(), at.path())
                : archiver.archive(at.root(), at.path(), at.name()), a);
            ctx.publish(c, "archive-path", Map.of());
            return new PathArchive(stat, tar);
        } catch (RuntimeException e) {
            release(a);
            throw e;
        }
    }

    @Override
    public void extract(String idOrName, String path, InputStream tar, boolean noOverwriteDirNonDir, boolean copyUidGid) {
        Container c = ctx.index.resolve(idOrName);
        Acquired a = acquire(c);
        Path root = a.rootfs();
        try {
            var at = a.locate(path);
            // dockerd: a read-only volume refuses, a writable one accepts even on a read-only root filesystem
            if (at.mount() != null && at.mount().readOnly()) throw new BerthException.Forbidden("mounted volume is marked read-only");
            if (at.mount() == null && c.hostConfig().readonlyRootfs()) throw new BerthException.Forbidden("container rootfs is marked read-only");
            Integer uid = null;
            Integer gid = null;
            String user = c.config().user();
            if (copyUidGid && user != null && !user.isEmpty()) {
                // -a: files belong to the container's user, as dockerd's tarCopyOptions
                RuntimeSpec.User u = ContainerUsers.resolve(root, user);
                uid = u.uid();
                gid = u.gid();
            }
            var options = new RootfsArchiver.ExtractOptions(noOverwriteDirNonDir, uid, gid);
            try {
                archiver.extract(at.root(), at.path(), tar, options);
            } catch (BerthException.NotFound e) {
                throw fileNotFound(path, idOrName);
            }
            ctx.publish(c, "extract-to-dir", Map.of());
        } finally {
            release(a);
        }
    }

    @Override
    public InputStream export(String idOrName) {
        Container c = ctx.index.resolve(idOrName);
        Acquired a = acquire(c);
        try {
            InputStream tar = releasing(archiver.export(a.rootfs()), a);
            ctx.publish(c, "export", Map.of());
            return tar;
        } catch (RuntimeException e) {
            release(a);
            throw e;
        }
    }

    @Override
    public List<Snapshotter.Change> changes(String idOrName) {
        return ctx.snapshotter.changes(ctx.index.resolve(idOrName).id());
    }

    @Override
    public Sizes sizes(String idOrName) {
        Container c = ctx.index.resolve(idOrName);
        long rw = ctx.snapshotter.sizeRw(c.id());
        long image;
        try {
            image = ctx.images.inspect(c.imageId().toString()).size();
        } catch (BerthException.NotFound e) {
            image = 0;
        }
        return new Sizes(rw, rw + image);
    }

    @Override
    public String commit(CommitRequest r) {
        Container c = ctx.index.resolve(r.container());
        boolean paused = false;
        if (r.pause() && c.state() instanceof ContainerState.Running) {
            containers.pause(c.id()); // a consistent snapshot: nothing writes while the layer is read
            paused = true;
        }
        Image image;
        try {
            boolean buildStep = r.buildContainerConfig() != null;
            ImageConfig containerConfig = buildStep ? r.buildContainerConfig() : imageConfigOf(c);
            String createdBy = containerConfig.cmd() == null ? "" : String.join(" ", containerConfig.cmd());
            try (InputStream layer = ctx.snapshotter.diffTar(c.id())) {
                image = ctx.images.commit(new ImageService.CommitRequest(c.imageId(), layer,
                    r.config() == null ? containerConfig : r.config(), containerConfig, r.changes(), c.id(),
                    c.config().image(), r.comment(), r.author(), createdBy, r.repository(), r.tag(), buildStep));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        } finally {
            if (paused) unpauseQuietly(c.id());
        }
        Map<String, String> attrs = new HashMap<>();
        attrs.put("comment", r.comment() == null ? "" : r.comment());
        attrs.put("imageID", image.id().toString());
        attrs.put("imageRef", image.repoTags().isEmpty() || r.repository() == null || r.repository().isEmpty()
            ? "" : image.repoTags().getFirst());
        ctx.publish(ctx.index.get(c.id()) == null ? c : ctx.index.get(c.id()), "commit", attrs);
        return image.id().toString();
    }

    private void unpauseQuietly(String id) {
        try {
            containers.unpause(id);
        } catch (BerthException e) {
            LOG.warn("cannot unpause {} after commit: {}", id, e.getMessage());
        }
    }

    /** The container's config as an image config: what {@code container_config} records and a commit inherits. */
    static ImageConfig imageConfigOf(Container c) {
        ContainerConfig k = c.config();
        return new ImageConfig(RuntimeSpecs.hostname(c), k.domainname(), k.user(),
            k.exposedPorts().isEmpty() ? null : k.exposedPorts(), k.env().isEmpty() ? null : k.env(), k.cmd(), null, null,
            k.volumes().isEmpty() ? null : k.volumes(), k.workingDir(), k.entrypoint(), null, k.labels(), k.stopSignal(),
            k.stopTimeout() == null ? null : java.time.Duration.ofSeconds(k.stopTimeout()), null);
    }

    /**
     * A container's files held for one operation: the mounted root filesystem, and the host
     * directories of its volumes and binds (volumes mounted for the operation, as dockerd does).
     */
    private record Acquired(Container container, Path rootfs, Map<String, String> sources) {
        ContainerMounts.Located locate(String path) {
            return ContainerMounts.locate(rootfs, container, sources, path);
        }
    }

    /** Mounts the root filesystem and the volumes if needed and registers one user of them. */
    private Acquired acquire(Container c) {
        var lock = ctx.index.lock(c.id());
        lock.lock();
        try {
            Container cur = ctx.index.get(c.id());
            if (cur == null) throw new BerthException.NotFound("No such container: " + c.id());
            if (cur.state() instanceof ContainerState.Removing || cur.state() instanceof ContainerState.Dead) {
                throw new BerthException.Conflict("container " + c.id() + " is marked for removal");
            }
            Path root = ctx.snapshotter.mount(c.id());
            ctx.rootfsUsers.add(c.id());
            try {
                return new Acquired(cur, root, ctx.mounts.mountForCopy(cur));
            } catch (RuntimeException e) {
                releaseRootfs(c.id());
                throw e;
            }
        } finally {
            lock.unlock();
        }
    }

    private void release(Acquired a) {
        try {
            ctx.mounts.unmount(a.container());
        } finally {
            releaseRootfs(a.container().id());
        }
    }

    /** The last user of a stopped container's root filesystem unmounts it. */
    private void releaseRootfs(String id) {
        var lock = ctx.index.lock(id);
        lock.lock();
        try {
            boolean last = ctx.rootfsUsers.remove(id);
            Container cur = ctx.index.get(id);
            boolean live = cur != null && (cur.state() instanceof ContainerState.Running || cur.state() instanceof ContainerState.Paused);
            if (last && cur != null && !live) ctx.unmount(id);
        } finally {
            lock.unlock();
        }
    }

    /** Releases the root filesystem once, when the stream is closed. */
    private InputStream releasing(InputStream in, Acquired a) {
        AtomicBoolean done = new AtomicBoolean();
        return new FilterInputStream(in) {
            @Override public void close() throws IOException {
                try {
                    super.close();
                } finally {
                    if (done.compareAndSet(false, true)) release(a);
                }
            }
        };
    }

    private static BerthException.NotFound fileNotFound(String path, String container) {
        return new BerthException.NotFound("Could not find the file " + path + " in container " + container);
    }
}
