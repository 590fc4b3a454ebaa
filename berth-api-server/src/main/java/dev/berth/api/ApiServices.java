package dev.berth.api;

import dev.berth.core.container.ContainerService;
import dev.berth.core.container.ExecService;
import dev.berth.core.container.StatsService;
import dev.berth.core.event.EventBus;
import dev.berth.core.image.ImageService;
import dev.berth.core.system.SystemService;

/**
 * The core services the HTTP routes call; the daemon builds one and hands it to {@link ApiServer}.
 * A null service leaves its routes out.
 */
public record ApiServices(SystemService system, ImageService images, EventBus events, ContainerService containers,
                          String runtimeName, ExecService execs, StatsService stats) {

    public ApiServices(SystemService system, ImageService images, EventBus events, ContainerService containers, String runtimeName) {
        this(system, images, events, containers, runtimeName, null, null);
    }
}
