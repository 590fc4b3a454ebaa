package dev.berth.storage;

import dev.berth.common.process.CommandRunner;
import dev.berth.common.process.HostCommandRunner;
import dev.berth.core.container.Snapshotter;
import java.nio.file.Path;

/** Picks the snapshotter that matches a layer store: overlay snapshots need overlay2 layers, vfs ones vfs layers. */
public final class Snapshotters {
    private Snapshotters() {}

    /** Container root filesystems under {@code <dataRoot>/containers-rootfs}, on top of {@code layers}. */
    public static Snapshotter forLayers(LayerStore layers, Path dataRoot) {
        return forLayers(layers, dataRoot, new HostCommandRunner());
    }

    /** As {@link #forLayers(LayerStore, Path)}; {@code commands} runs mkfs.ext4, mount -o loop and losetup. */
    public static Snapshotter forLayers(LayerStore layers, Path dataRoot, CommandRunner commands) {
        RootfsStore store = new RootfsStore(dataRoot, layers, new LoopFilesystem(commands));
        return switch (layers.driverName()) {
            case "overlay2" -> new OverlaySnapshotter(store);
            case "vfs" -> new VfsSnapshotter(store);
            default -> throw new IllegalArgumentException("no snapshotter for storage driver " + layers.driverName());
        };
    }
}
