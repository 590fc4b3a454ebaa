package dev.berth.core.container;

import java.util.List;
import java.util.Map;

/**
 * A container's volumes, binds and {@code --mount} tmpfs mounts, and its writable layer's size.
 * On a create request {@link #mounts} holds what {@code Binds} and {@code Mounts} asked for; on a
 * created container it is the resolved list (anonymous volumes named, {@code --volumes-from} and
 * the image's {@code VOLUME}s included), one entry per destination.
 *
 * @param volumesFrom      {@code --volumes-from}, as given, in order
 * @param volumeDriver     {@code --volume-driver}: the driver of volumes this container creates ({@code ""}: local)
 * @param storageOpt       {@code --storage-opt} as given (inspect shows it)
 * @param storageSizeBytes {@code --storage-opt size=}: the writable layer's limit, 0 for none
 */
public record MountConfig(List<MountPoint> mounts, List<VolumesFrom> volumesFrom, String volumeDriver,
                          Map<String, String> storageOpt, long storageSizeBytes) {

    public static final MountConfig NONE = new MountConfig(List.of(), List.of(), "", Map.of(), 0);

    public MountConfig {
        mounts = mounts == null ? List.of() : List.copyOf(mounts);
        volumesFrom = volumesFrom == null ? List.of() : List.copyOf(volumesFrom);
        volumeDriver = volumeDriver == null ? "" : volumeDriver;
        storageOpt = storageOpt == null ? Map.of() : Map.copyOf(storageOpt);
    }

    public MountConfig withMounts(List<MountPoint> m) {
        return new MountConfig(m, volumesFrom, volumeDriver, storageOpt, storageSizeBytes);
    }

    /** The mounts of volumes (not binds or tmpfs). */
    public List<MountPoint> volumes() {
        return mounts.stream().filter(m -> m.type() == MountPoint.Type.VOLUME).toList();
    }

    /**
     * {@code --volumes-from container[:mode]}.
     *
     * @param mode {@code ""} (keep each mount's own mode), {@code "ro"} or {@code "rw"}
     */
    public record VolumesFrom(String container, String mode) {
        public VolumesFrom {
            mode = mode == null ? "" : mode;
        }

        /** null: keep; true/false: force. */
        public Boolean readOnly() {
            return mode.isEmpty() ? null : mode.equals("ro");
        }

        /** As the client wrote it. */
        public String spec() { return mode.isEmpty() ? container : container + ":" + mode; }
    }
}
