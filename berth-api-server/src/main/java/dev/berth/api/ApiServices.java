package dev.berth.api;

import dev.berth.core.container.ContainerFilesystemService;
import dev.berth.core.container.ContainerService;
import dev.berth.core.container.ExecService;
import dev.berth.core.container.StatsService;
import dev.berth.core.event.EventBus;
import dev.berth.core.image.ImageService;
import dev.berth.core.network.NetworkService;
import dev.berth.core.system.SystemService;
import dev.berth.core.volume.VolumeService;

/**
 * The core services the HTTP routes call; the daemon builds one and hands it to {@link ApiServer}.
 * A null service leaves its routes out.
 */
public record ApiServices(SystemService system, ImageService images, EventBus events, ContainerService containers,
                          String runtimeName, NetworkService networks, VolumeService volumes,
                          ContainerFilesystemService filesystem, ExecService execs, StatsService stats,
                          dev.berth.core.build.BuildService builds) {

    /** Without a builder ({@code POST /build} left out). */
    public ApiServices(SystemService system, ImageService images, EventBus events, ContainerService containers,
                       String runtimeName, NetworkService networks, VolumeService volumes,
                       ContainerFilesystemService filesystem, ExecService execs, StatsService stats) {
        this(system, images, events, containers, runtimeName, networks, volumes, filesystem, execs, stats, null);
    }
}
