package dev.berth.core.container;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.berth.common.error.BerthException;
import dev.berth.core.filter.Filters;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class HealthTest {
    private static final Instant T = Instant.parse("2026-01-01T00:00:00Z");

    private static ContainerHealth.Probe probe(int code) {
        return new ContainerHealth.Probe(T, T.plusMillis(5), code, code == 0 ? "" : "fail");
    }

    @Test
    void successIsHealthyAndRetriesFailuresMakeItUnhealthy() {
        ContainerHealth h = ContainerHealth.starting();
        h = h.after(probe(1), false, 2);
        assertThat(h.status()).isEqualTo("starting");
        assertThat(h.failingStreak()).isEqualTo(1);
        h = h.after(probe(1), false, 2);
        assertThat(h.status()).isEqualTo("unhealthy");
        h = h.after(probe(0), false, 2);
        assertThat(h.status()).isEqualTo("healthy");
        assertThat(h.failingStreak()).isZero();
    }

    @Test
    void failuresInTheStartPeriodDoNotCountUntilHealthyOnce() {
        ContainerHealth h = ContainerHealth.starting().after(probe(1), true, 1);
        assertThat(h.status()).isEqualTo("starting");
        assertThat(h.failingStreak()).isZero();
        h = h.after(probe(0), true, 1).after(probe(1), true, 1);
        assertThat(h.status()).isEqualTo("unhealthy");
    }

    @Test
    void keepsTheLastFiveProbes() {
        ContainerHealth h = ContainerHealth.starting();
        for (int i = 0; i < 7; i++) h = h.after(probe(i % 2), false, 3);
        assertThat(h.log()).hasSize(5);
        assertThat(h.log().getLast().exitCode()).isEqualTo(0);
    }

    @Test
    void healthcheckDefaultsArgvAndMerge() {
        var shell = new Healthcheck(List.of("CMD-SHELL", "test -e /tmp/ok"), 0, 0, 0, 0, 0);
        assertThat(shell.enabled()).isTrue();
        assertThat(shell.argv()).containsExactly("/bin/sh", "-c", "test -e /tmp/ok");
        assertThat(shell.interval()).isEqualTo(Duration.ofSeconds(30));
        assertThat(shell.effectiveRetries()).isEqualTo(3);
        assertThat(new Healthcheck(List.of("CMD", "true", "x"), 0, 0, 0, 0, 0).argv()).containsExactly("true", "x");
        assertThat(new Healthcheck(List.of("NONE"), 0, 0, 0, 0, 0).enabled()).isFalse();

        var image = new Healthcheck(List.of("CMD", "curl", "localhost"), 5_000_000_000L, 0, 0, 0, 7);
        var request = new Healthcheck(List.of(), 1_000_000_000L, 0, 0, 0, 0);
        Healthcheck merged = Healthcheck.merge(request, image);
        assertThat(merged.test()).containsExactly("CMD", "curl", "localhost");
        assertThat(merged.interval()).isEqualTo(Duration.ofSeconds(1));
        assertThat(merged.retries()).isEqualTo(7);
        assertThat(Healthcheck.merge(new Healthcheck(List.of("NONE"), 0, 0, 0, 0, 0), image).enabled()).isFalse();
    }

    @Test
    void goDurations() {
        assertThat(HealthMonitor.goDuration(Duration.ofSeconds(30))).isEqualTo("30s");
        assertThat(HealthMonitor.goDuration(Duration.ofMillis(1500))).isEqualTo("1.5s");
        assertThat(HealthMonitor.goDuration(Duration.ofMillis(250))).isEqualTo("250ms");
    }

    @Test
    void psHealthFilter() {
        var checked = new Healthcheck(List.of("CMD", "true"), 0, 0, 0, 0, 0);
        Container healthy = withCheck(Fixtures.container("good", new ContainerState.Running(1), T, Map.of()), checked);
        Container sick = withCheck(Fixtures.container("bad", new ContainerState.Running(2), T.plusSeconds(1), Map.of()), checked);
        Container starting = withCheck(Fixtures.container("new", new ContainerState.Running(3), T.plusSeconds(2), Map.of()), checked);
        Container plain = Fixtures.container("plain", new ContainerState.Running(4), T.plusSeconds(3), Map.of());
        Map<String, ContainerHealth> states = Map.of(healthy.id(), new ContainerHealth("healthy", 0, List.of()),
            sick.id(), new ContainerHealth("unhealthy", 3, List.of()));
        List<Container> all = List.of(healthy, sick, starting, plain);
        java.util.function.Function<String, List<String>> select = word -> ContainerFilters.select(all,
                new ContainerService.ListOptions(false, -1, new Filters(Map.of("health", List.of(word)))), n -> null, n -> null,
                c -> ContainerFilters.healthWord(c.config().healthcheck(), states.get(c.id())))
            .stream().map(Container::bareName).toList();
        assertThat(select.apply("healthy")).containsExactly("good");
        assertThat(select.apply("unhealthy")).containsExactly("bad");
        assertThat(select.apply("starting")).containsExactly("new");
        assertThat(select.apply("none")).containsExactly("plain");
        assertThatThrownBy(() -> select.apply("sick")).isInstanceOf(BerthException.InvalidArgument.class)
            .hasMessage("Unrecognised filter value for health: sick");
    }

    private static Container withCheck(Container c, Healthcheck h) {
        return new Container(c.id(), c.name(), c.created(), c.path(), c.args(), c.config().withHealthcheck(h), c.hostConfig(),
            c.imageId(), c.state(), c.startedAt(), c.finishedAt(), c.restartCount(), c.manuallyStopped(), c.logPath());
    }
}
