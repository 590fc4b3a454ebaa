package dev.berth.core.container;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.berth.common.error.BerthException;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ContainerTransitionsTest {
    private static final Instant T = Instant.parse("2026-01-01T00:00:00Z");
    private final Container created = Fixtures.container("c", ContainerState.CREATED, T, Map.of());

    @Test
    void startRunsAndCountsPolicyRestartsOnly() {
        Container running = ContainerTransitions.started(created, 42, T, false);
        assertThat(running.state()).isEqualTo(new ContainerState.Running(42));
        assertThat(running.startedAt()).isEqualTo(T);
        Container exited = ContainerTransitions.exited(running, 1, false, T.plusSeconds(1));
        Container again = ContainerTransitions.started(ContainerTransitions.restarting(exited, 1, T), 43, T, true);
        assertThat(again.restartCount()).isEqualTo(1);
        assertThat(ContainerTransitions.started(exited, 44, T, false).restartCount()).isZero();
    }

    @Test
    void anExitStampedBeforeTheStartFinishesAtTheStart() {
        Container running = ContainerTransitions.started(created, 42, T, false);
        assertThat(ContainerTransitions.exited(running, 0, false, T.minusMillis(3)).finishedAt()).isEqualTo(T);
        assertThat(ContainerTransitions.restarting(running, 1, T.minusMillis(3)).finishedAt()).isEqualTo(T);
        assertThat(ContainerTransitions.exited(running, 0, false, T.plusMillis(3)).finishedAt()).isEqualTo(T.plusMillis(3));
    }

    @Test
    void startOfRunningIsNotModifiedAndOfPausedConflict() {
        Container running = ContainerTransitions.started(created, 42, T, false);
        assertThatThrownBy(() -> ContainerTransitions.checkStartable(running)).isInstanceOf(BerthException.NotModified.class);
        Container paused = ContainerTransitions.paused(running);
        assertThat(paused.state()).isEqualTo(new ContainerState.Paused(42));
        assertThatThrownBy(() -> ContainerTransitions.checkStartable(paused)).isInstanceOf(BerthException.Conflict.class);
        assertThat(ContainerTransitions.unpaused(paused).state()).isEqualTo(new ContainerState.Running(42));
        assertThatThrownBy(() -> ContainerTransitions.paused(created)).isInstanceOf(BerthException.Conflict.class);
    }

    @Test
    void removalOfLiveContainerNeedsForce() {
        Container running = ContainerTransitions.started(created, 42, T, false);
        assertThatThrownBy(() -> ContainerTransitions.removing(running, false))
            .isInstanceOf(BerthException.Conflict.class).hasMessageContaining("stop the container before removing or force remove");
        assertThat(ContainerTransitions.removing(running, true).state()).isInstanceOf(ContainerState.Removing.class);
        assertThat(ContainerTransitions.removing(created, false).state().status()).isEqualTo("removing");
    }

    @Test
    void startFailureKeepsDockersCodeAndMessage() {
        Container failed = ContainerTransitions.startFailed(created, 127, "exec: \"x\": executable file not found in $PATH", T);
        assertThat(failed.state()).isEqualTo(new ContainerState.Exited(127, false, "exec: \"x\": executable file not found in $PATH"));
        assertThat(failed.state().running()).isFalse();
    }

    @Test
    void restartPolicies() {
        assertThat(RestartPolicy.NO.shouldRestart(1, 0, false)).isFalse();
        assertThat(new RestartPolicy(RestartPolicy.Name.ALWAYS, 0).shouldRestart(0, 9, false)).isTrue();
        assertThat(new RestartPolicy(RestartPolicy.Name.ALWAYS, 0).shouldRestart(0, 9, true)).isFalse();
        var onFailure = new RestartPolicy(RestartPolicy.Name.ON_FAILURE, 2);
        assertThat(onFailure.shouldRestart(0, 0, false)).isFalse();
        assertThat(onFailure.shouldRestart(1, 1, false)).isTrue();
        assertThat(onFailure.shouldRestart(1, 2, false)).isFalse();
        assertThatThrownBy(() -> new RestartPolicy(RestartPolicy.Name.ALWAYS, 3)).isInstanceOf(BerthException.InvalidArgument.class);
        assertThatThrownBy(() -> RestartPolicy.Name.parse("sometimes")).isInstanceOf(BerthException.InvalidArgument.class);
    }
}
