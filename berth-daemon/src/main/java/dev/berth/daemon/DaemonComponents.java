package dev.berth.daemon;

import dev.berth.api.ApiServices;
import dev.berth.core.container.ContainerFilesystemService;
import dev.berth.core.container.ContainerService;
import dev.berth.core.container.ExecService;
import dev.berth.core.container.StatsService;
import dev.berth.core.event.EventBus;
import dev.berth.core.image.ImageService;
import dev.berth.core.network.NetworkService;
import dev.berth.core.system.SystemService;
import dev.berth.core.volume.VolumeService;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The engine's services once {@link Wiring} has built them, and what must be closed on shutdown
 * (in reverse order of creation).
 */
public record DaemonComponents(EventBus events, ImageService images, SystemService system, ContainerService containers,
                               String runtimeName, List<AutoCloseable> closeables, NetworkService networks,
                               VolumeService volumes, ContainerFilesystemService filesystem, ExecService execs,
                               StatsService stats, dev.berth.core.build.BuildService builds)
        implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(DaemonComponents.class);

    public DaemonComponents {
        closeables = List.copyOf(closeables);
    }

    public ApiServices apiServices() {
        return new ApiServices(system, images, events, containers, runtimeName, networks, volumes, filesystem, execs, stats,
            builds);
    }

    @Override
    public void close() {
        List<AutoCloseable> reversed = new ArrayList<>(closeables);
        java.util.Collections.reverse(reversed);
        for (AutoCloseable c : reversed) {
            try {
                c.close();
            } catch (Exception e) {
                log.warn("error closing {}: {}", c, e.toString());
            }
        }
    }
}
