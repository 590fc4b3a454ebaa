package dev.berth.core.container;

import dev.berth.common.error.BerthException;
import dev.berth.core.runtime.ContainerMetrics;

/** {@link StatsService} from the container's state and the runtime's {@link ContainerMetrics}. */
public final class LocalStatsService implements StatsService {
    private final ContainerService containers;
    private final ContainerMetrics metrics;

    public LocalStatsService(ContainerService containers, ContainerMetrics metrics) {
        this.containers = containers;
        this.metrics = metrics;
    }

    @Override
    public Sample sample(String idOrName) {
        Container c = containers.inspect(idOrName);
        if (!(c.state() instanceof ContainerState.Running || c.state() instanceof ContainerState.Paused)) {
            return new Sample(c.id(), c.name(), null);
        }
        try {
            return new Sample(c.id(), c.name(), metrics.read(c.id(), c.state().pid()));
        } catch (BerthException.NotFound stoppedMeanwhile) {
            return new Sample(c.id(), c.name(), null);
        }
    }
}
