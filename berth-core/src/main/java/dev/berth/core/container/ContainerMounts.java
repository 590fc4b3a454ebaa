package dev.berth.core.container;

import dev.berth.common.error.BerthException;
import dev.berth.core.runtime.RuntimeSpec;
import dev.berth.core.volume.Volume;
import dev.berth.core.volume.VolumeDrivers;
import dev.berth.core.volume.VolumeService;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A container's volumes, binds and tmpfs mounts through its life, with dockerd's rules: at create
 * the mounts are resolved (volumes created, {@code --volumes-from} copied, the image's and the
 * request's anonymous volumes added) and the container is registered as each volume's user; empty
 * volumes are filled from the image; at start the volumes are mounted (with the container's ID)
 * and turned into OCI bind mounts; at stop unmounted; at removal released, and with
 * {@code rm -v} the anonymous ones removed. After a daemon restart {@link #restore} registers the
 * users and running mounts again (the volume service keeps them in memory only).
 *
 * <p>Without a {@link VolumeService} (unit tests) binds and tmpfs mounts work and volumes are refused.
 * Callers hold the container's lock.
 */
final class ContainerMounts {
    private static final Logger LOG = LoggerFactory.getLogger(ContainerMounts.class);

    private final VolumeService volumes;
    private final RootfsArchiver archiver;
    private final MountPropagation propagation;

    ContainerMounts(VolumeService volumes, RootfsArchiver archiver, MountPropagation propagation) {
        this.volumes = volumes;
        this.archiver = archiver;
        this.propagation = propagation;
    }

    static ContainerMounts withoutVolumes() {
        return new ContainerMounts(null, null, MountPropagation.host());
    }

    /**
     * Create: the resolved mounts of container {@code id}, its volumes created and {@code id}
     * registered as their user. On failure nothing is left registered or created.
     *
     * @param anonymous {@code Config.Volumes} (the request's and the image's)
     * @param resolve   finds {@code --volumes-from} containers (NotFound: {@code No such container})
     */
    HostConfig resolve(String id, Set<String> anonymous, HostConfig host, Function<String, Container> resolve) {
        MountConfig mc = host.mountConfig();
        Map<String, MountPoint> byDest = new LinkedHashMap<>();
        for (MountConfig.VolumesFrom vf : mc.volumesFrom()) {
            Container other;
            try {
                other = resolve.apply(vf.container());
            } catch (BerthException.NotFound e) {
                // dockerd answers 400 here: on a 404 the docker CLI would try to pull the image
                throw new BerthException.InvalidArgument(e.getMessage());
            }
            for (MountPoint m : other.hostConfig().mountConfig().mounts()) byDest.put(m.destination(), m.copiedFrom(vf.readOnly()));
        }
        Set<String> requested = new HashSet<>();
        for (MountPoint m : mc.mounts()) {
            if (!requested.add(m.destination())) throw new BerthException.InvalidArgument("Duplicate mount point: " + m.destination());
            if (m.type() == MountPoint.Type.BIND && m.origin() == MountPoint.Origin.MOUNT && !Files.exists(Path.of(m.source()))) {
                throw new BerthException.InvalidArgument("invalid mount config for type \"bind\": bind source path does not exist: " + m.source());
            }
            byDest.put(m.destination(), m);
        }
        for (String dest : anonymous) {
            String clean = Path.of(dest).normalize().toString();
            if (!byDest.containsKey(clean)) byDest.put(clean, MountPoint.anonymousVolume(clean));
        }
        List<MountPoint> resolved = new ArrayList<>();
        List<MountPoint> registered = new ArrayList<>();
        try {
            for (MountPoint m : byDest.values()) {
                MountPoint r = m.type() == MountPoint.Type.VOLUME ? register(id, m, mc.volumeDriver()) : m;
                if (r.type() == MountPoint.Type.VOLUME) registered.add(r);
                resolved.add(r);
            }
        } catch (RuntimeException e) {
            release(id, registered, true);
            throw e;
        }
        resolved.sort(Comparator.comparing(MountPoint::destination));
        return host.withMountConfig(mc.withMounts(resolved));
    }

    /**
     * Create: resolves {@code c}'s mounts ({@link #resolve}) and fills empty volumes from the image
     * ({@link #copyUp}, with the root filesystem mounted for the copy). On failure nothing is left.
     */
    Container create(Container c, Function<String, Container> resolve, Snapshotter snapshotter) {
        Container created = c.withHostConfig(resolve(c.id(), c.config().volumes(), c.hostConfig(), resolve));
        if (!wantsCopyUp(created)) return created;
        try {
            Path rootfs = snapshotter.mount(c.id());
            try {
                copyUp(created, rootfs);
            } finally {
                snapshotter.unmount(c.id());
            }
        } catch (RuntimeException e) {
            remove(created, true);
            throw e;
        }
        return created;
    }

    /** The runtime spec with the container's mounts added; they replace generated files they cover (/etc/hosts …). */
    static RuntimeSpec addTo(RuntimeSpec spec, List<RuntimeSpec.Mount> mounts) {
        if (mounts.isEmpty()) return spec;
        Set<String> covered = new HashSet<>();
        for (RuntimeSpec.Mount m : mounts) covered.add(m.destination());
        List<RuntimeSpec.Mount> all = new ArrayList<>();
        for (RuntimeSpec.Mount m : spec.mounts()) if (!covered.contains(m.destination())) all.add(m);
        all.addAll(mounts);
        return spec.withMounts(all).withRoot(spec.root().withPropagation(rootPropagation(mounts)));
    }

    /** dockerd: a shared bind mount makes the root {@code rshared}, a slave one {@code rslave}; else the runtime's default. */
    static String rootPropagation(List<RuntimeSpec.Mount> mounts) {
        String root = null;
        for (RuntimeSpec.Mount m : mounts) {
            for (String o : m.options()) {
                if (o.equals("shared") || o.equals("rshared")) return "rshared";
                if (o.equals("slave") || o.equals("rslave")) root = "rslave";
            }
        }
        return root;
    }

    /** Creates (or finds) the volume of {@code m} and registers {@code id} as its user. */
    private MountPoint register(String id, MountPoint m, String volumeDriver) {
        if (volumes == null) throw new BerthException.NotImplemented("volumes are not available");
        if (m.origin() == MountPoint.Origin.VOLUMES_FROM) {
            volumes.addUser(m.name(), id);
            return m;
        }
        String driver = !m.driver().isEmpty() ? m.driver() : volumeDriver;
        Map<String, String> labels = m.labels();
        Volume v = volumes.create(new VolumeService.CreateRequest(m.anonymous() ? "" : m.name(), driver, m.driverOptions(), labels));
        volumes.addUser(v.name(), id);
        MountPoint r = m.withVolume(v.name(), v.driver(), v.mountpoint());
        boolean fromRequest = m.origin() == MountPoint.Origin.BIND || m.origin() == MountPoint.Origin.MOUNT;
        if (fromRequest && r.mode().isEmpty() && v.driver().equals(VolumeDrivers.LOCAL)) r = r.withMode("z");
        return r;
    }

    /** Whether {@link #copyUp} has work to do (so the caller mounts the root filesystem only then). */
    boolean wantsCopyUp(Container c) {
        return archiver != null && c.hostConfig().mountConfig().volumes().stream().anyMatch(MountPoint::copyData);
    }

    /**
     * Create: copies what the image has at each volume's destination into the volume while the
     * volume is empty, as dockerd does ({@code nocopy} and binds excluded); {@code rootfs} is mounted.
     */
    void copyUp(Container c, Path rootfs) {
        String caller = "copy-" + c.id();
        for (MountPoint m : c.hostConfig().mountConfig().volumes()) {
            if (!m.copyData()) continue;
            PathStat stat = archiver.stat(rootfs, m.destination());
            if (stat == null || (stat.mode() & 0170000) != 0040000) continue; // missing or not a directory: nothing to copy
            String path = volumes.mount(m.name(), caller);
            try {
                if (!isEmptyDir(Path.of(path))) continue;
                try (InputStream tar = archiver.archive(rootfs, m.destination() + "/.")) {
                    archiver.extract(Path.of(path), "/", tar, RootfsArchiver.ExtractOptions.DEFAULT);
                }
            } catch (IOException e) {
                throw new BerthException.Internal("cannot copy " + m.destination() + " into volume " + m.name() + ": " + e.getMessage(), e);
            } finally {
                volumes.unmount(m.name(), caller);
            }
        }
    }

    private static boolean isEmptyDir(Path dir) throws IOException {
        if (!Files.isDirectory(dir)) return false;
        try (var entries = Files.list(dir)) {
            return entries.findAny().isEmpty();
        }
    }

    /** What {@link #mount} gives the start: the OCI mounts and the container with volume paths up to date. */
    record Mounted(Container container, List<RuntimeSpec.Mount> mounts) {}

    /**
     * Start: mounts the volumes for {@code c} (the driver sees the container's ID), creates missing
     * {@code -v} bind sources as dockerd does, checks propagation, and returns the OCI mounts. On
     * failure what was mounted is unmounted again.
     */
    Mounted mount(Container c) {
        List<RuntimeSpec.Mount> out = new ArrayList<>();
        List<MountPoint> updated = new ArrayList<>();
        List<MountPoint> mounted = new ArrayList<>();
        try {
            for (MountPoint m : c.hostConfig().mountConfig().mounts()) {
                switch (m.type()) {
                    case BIND -> {
                        bindSource(m);
                        out.add(bind(m.source(), m));
                        updated.add(m);
                    }
                    case VOLUME -> {
                        if (volumes == null) throw new BerthException.NotImplemented("volumes are not available");
                        String path = volumes.mount(m.name(), c.id(), Map.of("destination", m.destination(),
                            "read/write", Boolean.toString(!m.readOnly()), "propagation", m.propagation()));
                        mounted.add(m);
                        out.add(bind(path, m));
                        updated.add(path.isEmpty() || path.equals(m.source()) ? m : m.withSource(path));
                    }
                    case TMPFS -> {
                        out.add(tmpfs(m));
                        updated.add(m);
                    }
                }
            }
        } catch (RuntimeException e) {
            release(c.id(), mounted, false);
            throw e;
        }
        MountConfig mc = c.hostConfig().mountConfig();
        Container next = updated.equals(mc.mounts()) ? c : c.withHostConfig(c.hostConfig().withMountConfig(mc.withMounts(updated)));
        return new Mounted(next, out);
    }

    private void bindSource(MountPoint m) {
        Path source = Path.of(m.source());
        if (!Files.exists(source)) {
            if (m.origin() == MountPoint.Origin.MOUNT) {
                throw new BerthException.InvalidArgument("invalid mount config for type \"bind\": bind source path does not exist: " + m.source());
            }
            try {
                Files.createDirectories(source); // -v creates a missing host directory, as dockerd does
            } catch (IOException e) {
                throw new BerthException.Internal("error while creating mount source path '" + m.source() + "': " + e.getMessage(), e);
            }
        }
        propagation.check(source, m.propagation());
    }

    private static RuntimeSpec.Mount bind(String source, MountPoint m) {
        List<String> opts = new ArrayList<>();
        opts.add(m.nonRecursive() ? "bind" : "rbind");
        opts.add(m.readOnly() ? "ro" : "rw");
        opts.add(m.propagation().isEmpty() ? "rprivate" : m.propagation());
        return new RuntimeSpec.Mount(m.destination(), "bind", source, opts);
    }

    private static RuntimeSpec.Mount tmpfs(MountPoint m) {
        List<String> opts = new ArrayList<>();
        if (m.tmpfsSize() > 0) opts.add("size=" + m.tmpfsSize());
        if (m.tmpfsMode() != null) opts.add("mode=" + Integer.toOctalString(m.tmpfsMode()));
        if (m.readOnly()) opts.add("ro");
        return RuntimeSpecs.tmpfs(m.destination(), String.join(",", opts));
    }

    /** Stop (or a failed start): unmounts the container's volumes; quiet for what is not mounted. */
    void unmount(Container c) {
        if (volumes == null) return;
        for (MountPoint m : c.hostConfig().mountConfig().volumes()) {
            try {
                volumes.unmount(m.name(), c.id());
            } catch (BerthException e) {
                LOG.warn("container {}: cannot unmount volume {}: {}", c.id(), m.name(), e.getMessage());
            }
        }
    }

    /**
     * Removal: unmounts and releases every volume of {@code c}; with {@code removeAnonymous}
     * ({@code rm -v}, AutoRemove) deletes the anonymous ones nobody else uses.
     */
    void remove(Container c, boolean removeAnonymous) {
        if (volumes == null) return;
        unmount(c);
        release(c.id(), c.hostConfig().mountConfig().volumes(), removeAnonymous);
    }

    private void release(String id, List<MountPoint> mounts, boolean removeAnonymous) {
        for (MountPoint m : mounts) {
            if (m.type() != MountPoint.Type.VOLUME || m.name().isEmpty()) continue;
            try {
                volumes.unmount(m.name(), id);
                volumes.removeUser(m.name(), id);
                if (removeAnonymous && m.anonymous() && volumes.usedBy(m.name()).isEmpty()) volumes.remove(m.name(), false);
            } catch (BerthException e) {
                // dockerd ignores a volume that is gone or still in use here
                LOG.debug("container {}: releasing volume {}: {}", id, m.name(), e.getMessage());
            }
        }
    }

    /**
     * Where a container path lies for {@code docker cp}: in the root filesystem, or below a volume
     * or bind mount, then as a path inside the mount's host directory.
     *
     * @param name  the name to archive the path under when it is the mount point itself, else null
     * @param mount the mount holding the path, null for the root filesystem
     */
    record Located(Path root, String path, String name, MountPoint mount) {}

    /**
     * {@code docker cp}: makes {@code c}'s volumes available (one more mount of the container,
     * undone by {@link #unmount}) and returns the host directory of each volume and bind by
     * destination. tmpfs mounts exist only inside the container and are left out, as dockerd does.
     */
    Map<String, String> mountForCopy(Container c) {
        Map<String, String> sources = new LinkedHashMap<>();
        List<MountPoint> mounted = new ArrayList<>();
        try {
            for (MountPoint m : c.hostConfig().mountConfig().mounts()) {
                switch (m.type()) {
                    case BIND -> sources.put(m.destination(), m.source());
                    case VOLUME -> {
                        if (volumes == null) continue;
                        sources.put(m.destination(), volumes.mount(m.name(), c.id()));
                        mounted.add(m);
                    }
                    case TMPFS -> { }
                }
            }
        } catch (RuntimeException e) {
            release(c.id(), mounted, false);
            throw e;
        }
        return sources;
    }

    /** The mount (longest destination) holding {@code path}, with the path rewritten into its source; else the root filesystem. */
    static Located locate(Path rootfs, Container c, Map<String, String> sources, String path) {
        String original = path == null || path.isEmpty() ? "/" : path;
        String clean = Path.of("/").resolve(original).normalize().toString();
        MountPoint best = null;
        for (MountPoint m : c.hostConfig().mountConfig().mounts()) {
            String d = m.destination();
            if (!sources.containsKey(d) || !(clean.equals(d) || clean.startsWith(d + "/"))) continue;
            if (best == null || d.length() > best.destination().length()) best = m;
        }
        if (best == null) return new Located(rootfs, original, null, null);
        String suffix = original.endsWith("/.") || original.equals(".") ? "/." : original.endsWith("/") ? "/" : "";
        String rest = clean.substring(best.destination().length());
        String inside = rest.isEmpty() ? (suffix.equals("/.") ? "/." : "/") : rest + suffix;
        String name = rest.isEmpty() && !suffix.equals("/.") ? Path.of(best.destination()).getFileName().toString() : null;
        return new Located(Path.of(sources.get(best.destination())), inside, name, best);
    }

    /** Daemon start: {@code c} uses its volumes again, and a live container holds its mounts. */
    void restore(Container c) {
        if (volumes == null) return;
        boolean live = c.state() instanceof ContainerState.Running || c.state() instanceof ContainerState.Paused;
        for (MountPoint m : c.hostConfig().mountConfig().volumes()) {
            try {
                volumes.addUser(m.name(), c.id());
                if (live) volumes.restoreMount(m.name(), c.id());
            } catch (BerthException e) {
                LOG.warn("container {}: cannot restore volume {}: {}", c.id(), m.name(), e.getMessage());
            }
        }
    }
}
