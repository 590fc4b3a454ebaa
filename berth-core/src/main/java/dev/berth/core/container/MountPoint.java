package dev.berth.core.container;

import java.util.Map;

/**
 * One volume, bind or tmpfs mount of a container, parsed at the API edge from {@code -v},
 * {@code --mount}, {@code Config.Volumes} or copied by {@code --volumes-from}, and resolved at
 * create (anonymous volumes get their generated name, {@code source} the volume's host path).
 *
 * @param origin        where the client asked for it (inspect reproduces {@code HostConfig.Mounts} from {@link Origin#MOUNT})
 * @param source        bind: the host path; volume: the driver's mountpoint (empty until known); tmpfs: empty
 * @param name          volume name ({@code ""} for an anonymous volume before create, and for binds and tmpfs)
 * @param driver        volume driver ({@code ""}: the container's VolumeDriver, else the volume's, else local)
 * @param mode          the mode as inspect shows it ({@code "ro,rshared"}, {@code "z"}, {@code ""})
 * @param propagation   bind propagation as given ({@code ""}: Docker's default {@code rprivate})
 * @param copyData      copy the image's content at the destination into the volume while it is empty ({@code nocopy} turns it off)
 * @param anonymous     created for this container without a name: {@code docker rm -v} removes it
 * @param driverOptions {@code volume-opt} for a volume created by this mount
 * @param labels        {@code volume-label} for a volume created by this mount
 * @param tmpfsSize     bytes, 0 for the kernel's default
 * @param tmpfsMode     permission bits of the tmpfs root, null for the default
 * @param nonRecursive  {@code bind-nonrecursive}: submounts of the source are not carried along
 */
public record MountPoint(
        Type type,
        Origin origin,
        String source,
        String destination,
        boolean readOnly,
        String name,
        String driver,
        String mode,
        String propagation,
        boolean copyData,
        boolean anonymous,
        Map<String, String> driverOptions,
        Map<String, String> labels,
        long tmpfsSize,
        Integer tmpfsMode,
        boolean nonRecursive) {

    public MountPoint {
        source = source == null ? "" : source;
        name = name == null ? "" : name;
        driver = driver == null ? "" : driver;
        mode = mode == null ? "" : mode;
        propagation = propagation == null ? "" : propagation;
        driverOptions = driverOptions == null ? Map.of() : Map.copyOf(driverOptions);
        labels = labels == null ? Map.of() : Map.copyOf(labels);
    }

    public enum Type {
        BIND, VOLUME, TMPFS;

        /** Docker's spelling: {@code bind}, {@code volume}, {@code tmpfs}. */
        public String wire() { return name().toLowerCase(java.util.Locale.ROOT); }
    }

    /** Which part of the create request asked for the mount. */
    public enum Origin {
        /** {@code HostConfig.Binds} ({@code -v name:/path}, {@code -v /host:/path}) */
        BIND,
        /** {@code HostConfig.Mounts} ({@code --mount}) */
        MOUNT,
        /** {@code Config.Volumes} ({@code -v /path}) or the image's {@code VOLUME}: an anonymous volume */
        VOLUME,
        /** copied from another container by {@code --volumes-from} */
        VOLUMES_FROM
    }

    /** An anonymous volume at {@code destination} ({@code -v /path}, image {@code VOLUME}). */
    public static MountPoint anonymousVolume(String destination) {
        return new MountPoint(Type.VOLUME, Origin.VOLUME, "", destination, false, "", "", "", "", true, true,
            Map.of(), Map.of(), 0, null, false);
    }

    /** The bind propagation in effect: the one given, else Docker's {@code rprivate} (volumes: none shown). */
    public String effectivePropagation() {
        if (!propagation.isEmpty()) return propagation;
        return type == Type.BIND ? "rprivate" : "";
    }

    public MountPoint withVolume(String newName, String newDriver, String newSource) {
        return new MountPoint(type, origin, newSource, destination, readOnly, newName, newDriver, mode, propagation, copyData,
            anonymous, driverOptions, labels, tmpfsSize, tmpfsMode, nonRecursive);
    }

    public MountPoint withSource(String s) {
        return new MountPoint(type, origin, s, destination, readOnly, name, driver, mode, propagation, copyData, anonymous,
            driverOptions, labels, tmpfsSize, tmpfsMode, nonRecursive);
    }

    public MountPoint withMode(String m) {
        return new MountPoint(type, origin, source, destination, readOnly, name, driver, m, propagation, copyData, anonymous,
            driverOptions, labels, tmpfsSize, tmpfsMode, nonRecursive);
    }

    /** What {@code --volumes-from other[:mode]} makes of one of the other container's mounts. */
    public MountPoint copiedFrom(Boolean forceReadOnly) {
        boolean ro = forceReadOnly != null ? forceReadOnly : readOnly;
        return new MountPoint(type, Origin.VOLUMES_FROM, source, destination, ro, name, driver, "", propagation, false,
            anonymous, Map.of(), Map.of(), tmpfsSize, tmpfsMode, nonRecursive);
    }
}
