package dev.berth.daemon;

import dev.berth.core.event.EventBus;
import dev.berth.core.image.ImageService;
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
        return new DaemonComponents(events, images, system, closeables);
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
