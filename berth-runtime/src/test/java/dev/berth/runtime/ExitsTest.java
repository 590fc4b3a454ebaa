package dev.berth.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import dev.berth.core.runtime.ContainerProcessState;
import dev.berth.core.runtime.ProcessExit;
import dev.berth.core.runtime.Resources;
import dev.berth.core.runtime.RuntimeSpec;
import dev.berth.core.runtime.StdioOptions;
import java.util.List;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** How exits become known: notifications and OOM kills, against real runc + conmon. */
class ExitsTest extends RealRuntimeTests {
    @Test
    void containerAndExecExitsAreReportedWithoutPolling() throws Exception {
        var exits = new LinkedBlockingQueue<ProcessExit>();
        rt.track(rt.runtime.watchExits(exits::add));
        String id = rt.newId();
        rt.run(id, rt.spec(id, "sleep", "0.2"));
        assertThat(exits.poll(10, TimeUnit.SECONDS)).isEqualTo(ProcessExit.container(id));
        assertThat(rt.runtime.state(id)).isInstanceOf(ContainerProcessState.Stopped.class);

        String sleeper = rt.sleeper();
        rt.runtime.exec(sleeper, "x1", RuntimeSpec.Process.of(List.of("sleep", "0.2")), StdioOptions.logTo(rt.log("x1")));
        assertThat(exits.poll(10, TimeUnit.SECONDS)).isEqualTo(ProcessExit.exec(sleeper, "x1"));
        assertThat(exits.poll(300, TimeUnit.MILLISECONDS)).isNull(); // once each
    }

    @Test
    void exitsThatHappenedBeforeWatchingAreReportedOnce() throws Exception {
        String id = rt.newId();
        rt.run(id, rt.spec(id, "true"));
        rt.awaitStopped(id);
        var exits = new LinkedBlockingQueue<ProcessExit>();
        rt.track(rt.runtime.watchExits(exits::add));
        assertThat(exits.poll(10, TimeUnit.SECONDS)).isEqualTo(ProcessExit.container(id));
        assertThat(exits.poll(300, TimeUnit.MILLISECONDS)).isNull();
    }

    @Test
    void anOomKilledContainerSaysSo() throws Exception {
        String id = rt.newId();
        long limit = 16L << 20;
        RuntimeSpec spec = rt.spec(id, "sh", "-c", "x=a; while true; do x=$x$x; done")
            .withResources(Resources.NONE.withMemory(limit).withMemorySwap(limit));
        rt.run(id, spec);
        ContainerProcessState.Stopped s = rt.awaitStopped(id);
        assertThat(s.exitCode()).isEqualTo(137);
        assertThat(s.oomKilled()).isTrue();

        // without conmon's marker the cgroup's oom_kill counter tells, and is written down
        java.nio.file.Files.delete(work.resolve("state/containers").resolve(id).resolve("oom"));
        assertThat(rt.runtime.state(id)).isEqualTo(s);
        assertThat(work.resolve("state/containers").resolve(id).resolve("oom")).exists();
    }

    @Test
    void aNormalExitIsNoOom() throws Exception {
        String id = rt.newId();
        rt.run(id, rt.spec(id, "sh", "-c", "exit 137").withResources(Resources.NONE.withMemory(16L << 20)));
        ContainerProcessState.Stopped s = rt.awaitStopped(id);
        assertThat(s.exitCode()).isEqualTo(137);
        assertThat(s.oomKilled()).isFalse();
    }
}
