package dev.berth.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * {@code State.StartedAt} and {@code State.FinishedAt} as {@code docker inspect} shows them. The
 * exit time comes from conmon's exit file (stamped by the kernel's coarse clock), the start time
 * from the daemon's clock: a process that exits at once must still not finish before it started.
 */
class ContainerTimesIT extends BusyboxContainers {
    private static final int RUNS = 60;

    @Test
    void aQuickExitNeverFinishesBeforeItStarted() {
        List<String> names = new ArrayList<>();
        for (int i = 0; i < RUNS; i++) {
            String name = "quick" + i;
            docker().ok("run", "--pull", "never", "--name", name, "busybox", "true");
            names.add(name);
        }
        List<String> args = new ArrayList<>(List.of("inspect", "--format", "{{.Name}} {{.State.StartedAt}} {{.State.FinishedAt}}"));
        args.addAll(names);
        List<String> lines = docker().ok(args.toArray(String[]::new)).stdout().strip().lines().toList();
        assertThat(lines).hasSize(RUNS);
        List<String> backwards = lines.stream().filter(l -> {
            String[] f = l.split(" ");
            return Instant.parse(f[2]).isBefore(Instant.parse(f[1]));
        }).toList();
        assertThat(backwards).as("containers that finished before they started").isEmpty();
    }
}
