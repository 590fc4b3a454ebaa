package dev.berth.daemon;

import dev.berth.core.event.EventBus;
import dev.berth.core.image.ImageService;
import dev.berth.core.volume.VolumeService;
import dev.berth.common.process.HostCommandRunner;
import dev.berth.plugins.DiscoveredVolumeDrivers;
import dev.berth.plugins.PluginDiscovery;
import dev.berth.plugins.PluginTimeouts;
import dev.berth.storage.volume.JsonVolumeStore;
import dev.berth.storage.volume.LocalVolumeDriver;
import dev.berth.image.ImageUsers;
import dev.berth.image.LocalImageService;
import dev.berth.image.registry.RegistryClient;
import dev.berth.image.registry.RegistrySettings;
import dev.berth.daemon.config.DaemonConfig;
import dev.berth.daemon.system.BuildInfo;
import dev.berth.daemon.system.DaemonSystemService;
import dev.berth.daemon.system.EngineId;
import dev.berth.daemon.system.HostFacts;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;

/**
 * The composition root: builds every engine service from the config, explicitly, in dependency
 * order. The only place that names implementation classes. Called with the data-root lock held.
 */
public final class Wiring {
    private Wiring() {}

    public static DaemonComponents build(DaemonConfig config, List<String> warnings) {
        List<AutoCloseable> closeables = new ArrayList<>();
        EventBus events = new EventBus(Clock.systemUTC());
        ImageService images = imageService(config, events);
        if (images instanceof AutoCloseable c) closeables.add(c);
        var system = new DaemonSystemService(config, images, EngineId.loadOrCreate(config.dataRoot()),
            HostFacts.system(), BuildInfo.load(), warnings);
        return new DaemonComponents(events, images, system, closeables, volumeService(config, events));
    }

    /**
     * Volumes under {@code <data-root>/volumes} (dockerd's layout) with the local driver, and volume
     * plugins found in {@code config.pluginDirs()} and dockerd's plugin directories. Plugins are
     * contacted on first use only, so one that is down cannot hold up the start.
     */
    static VolumeService volumeService(DaemonConfig config, EventBus events) {
        var root = config.dataRoot().resolve("volumes");
        var local = new LocalVolumeDriver(root, new HostCommandRunner());
        var drivers = new DiscoveredVolumeDrivers(local, PluginDiscovery.standard(config.pluginDirs()), PluginTimeouts.DOCKER);
        return new VolumeService(drivers, new JsonVolumeStore(root), events, Clock.systemUTC());
    }

    /**
     * The image service over {@code <data-root>}. Its inputs: {@code config.dataRoot()},
     * {@code config.storageDriver()} (null = let the store pick: overlay2, else vfs),
     * {@code config.registryMirrors()}, {@code config.insecureRegistries()} (loopback is always insecure).
     */
    static ImageService imageService(DaemonConfig config, EventBus events) {
        var mirrors = config.registryMirrors().stream().map(java.net.URI::create).toList();
        var registry = new RegistryClient(new RegistrySettings(mirrors, config.insecureRegistries()));
        return new LocalImageService(config.dataRoot(), config.storageDriver(), events, Clock.systemUTC(),
            ImageUsers.NONE, registry);
    }
}
