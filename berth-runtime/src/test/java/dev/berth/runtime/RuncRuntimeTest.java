package dev.berth.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.berth.common.error.BerthException;
import dev.berth.core.runtime.ContainerProcessState;
import dev.berth.core.runtime.ContainerStartException;
import dev.berth.core.runtime.Resources;
import dev.berth.core.runtime.RuntimeContainer;
import dev.berth.core.runtime.RuntimeSpec;
import dev.berth.core.runtime.StdioOptions;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Real runc + conmon on this host. Skipped unless run as root with both installed. */
class RuncRuntimeTest extends RealRuntimeTests {
    /** Like {@link RealRuntime#run}, checking that create leaves the container Created. */
    void run(String id, RuntimeSpec spec) {
        assertThat(rt.create(id, spec, StdioOptions.logTo(rt.log(id)))).isInstanceOf(ContainerProcessState.Created.class);
        rt.runtime.start(id);
    }

    @Test
    void echoWritesTheLogAndExitsZero() throws Exception {
        String id = rt.newId();
        run(id, rt.spec(id, "echo", "hello"));
        assertThat(rt.awaitStopped(id).exitCode()).isZero();
        assertThat(K8sFileLog.read(rt.log(id)))
            .containsExactly(new K8sFileLog.Entry(K8sFileLog.read(rt.log(id)).getFirst().time(), K8sFileLog.Stream.STDOUT, "hello", true));
        assertThat(Files.readString(rt.log(id))).matches("\\S+ stdout F hello\n");
    }

    @Test
    void exitCodeAndStreamsAreKept() throws Exception {
        String id = rt.newId();
        run(id, rt.spec(id, "sh", "-c", "echo out; echo err >&2; exit 3"));
        ContainerProcessState.Stopped s = rt.awaitStopped(id);
        assertThat(s.exitCode()).isEqualTo(3);
        assertThat(s.finishedAt()).isNotNull();
        assertThat(K8sFileLog.read(rt.log(id))).extracting(K8sFileLog.Entry::stream, K8sFileLog.Entry::text)
            .containsExactlyInAnyOrder(org.assertj.core.groups.Tuple.tuple(K8sFileLog.Stream.STDOUT, "out"),
                org.assertj.core.groups.Tuple.tuple(K8sFileLog.Stream.STDERR, "err"));
    }

    @Test
    void missingCommandFailsCreateWithRuncsMessageAnd127() {
        String id = rt.newId();
        assertThatThrownBy(() -> rt.runtime.create(id, rt.bundle(id), rt.spec(id, "nosuchcmd"),
                StdioOptions.logTo(rt.log(id))))
            .isInstanceOf(BerthException.InvalidArgument.class)
            .hasMessageContaining("exec: \"nosuchcmd\": executable file not found in $PATH")
            .satisfies(e -> assertThat(ContainerStartException.exitCodeOf(e)).isEqualTo(127));
        assertThat(rt.runtime.list()).extracting(RuntimeContainer::id).doesNotContain(id);
        assertThat(rt.cgroups.existingDirs(rt.cgroupParent + "/" + id)).isEmpty();
    }

    @Test
    void longRunningContainerLimitsUpdatePauseKillDelete() throws Exception {
        String id = rt.newId();
        String cg = rt.cgroupParent + "/" + id;
        long mib = 1024 * 1024;
        run(id, rt.spec(id, "sleep", "1000").withResources(Resources.NONE.withMemory(64 * mib).withPidsLimit(50L)
            .withCpuShares(512L).withNanoCpus(500_000_000L)));
        int pid = rt.runtime.state(id).pid();
        assertThat(rt.runtime.state(id)).isEqualTo(new ContainerProcessState.Running(pid));

        CgroupLayout.Limits limits = rt.cgroups.limits(cg);
        assertThat(limits.memory()).isEqualTo(64 * mib);
        assertThat(limits.pids()).isEqualTo(50);
        assertThat(limits.cpuShares()).isEqualTo(512);
        assertThat(limits.cpuQuota()).isEqualTo(50_000);
        assertThat(limits.cpuPeriod()).isEqualTo(100_000);
        if (rt.cgroups.features().memorySwap()) assertThat(limits.memorySwap()).isEqualTo(128 * mib);
        assertThat(rt.cgroups.usage(cg).pids()).isEqualTo(1);

        rt.runtime.update(id, Resources.NONE.withMemory(96 * mib).withMemorySwap(192 * mib).withPidsLimit(70L).withCpuShares(256L));
        assertThat(rt.cgroups.limits(cg).memory()).isEqualTo(96 * mib);
        assertThat(rt.cgroups.limits(cg).pids()).isEqualTo(70);
        assertThat(rt.cgroups.limits(cg).cpuShares()).isEqualTo(256);

        rt.runtime.pause(id);
        assertThat(rt.runtime.state(id)).isEqualTo(new ContainerProcessState.Paused(pid));
        rt.runtime.resume(id);
        assertThat(rt.runtime.state(id)).isEqualTo(new ContainerProcessState.Running(pid));

        rt.runtime.kill(id, 9);
        assertThat(rt.awaitStopped(id).exitCode()).isEqualTo(137);
        assertThatThrownBy(() -> rt.runtime.pause(id)).isInstanceOf(BerthException.Conflict.class);

        rt.runtime.delete(id, false);
        assertThat(rt.cgroups.existingDirs(cg)).isEmpty();
        assertThat(rt.runtime.list()).isEmpty();
        assertThat(work.resolve("state/containers").resolve(id)).doesNotExist();
        assertThatThrownBy(() -> rt.runtime.state(id)).isInstanceOf(BerthException.NotFound.class)
            .hasMessage("No such container: " + id);
    }

    @Test
    void startedContainerIsRunningForRuncAndItsExitIsReadWithoutIt() throws Exception {
        String id = rt.newId();
        run(id, rt.spec(id, "sh", "-c", "sleep 1; exit 4"));
        assertThat(rt.runtime.list()).extracting(RuntimeContainer::state).singleElement()
            .isInstanceOf(ContainerProcessState.Running.class); // runc's own view: the start went through
        assertThat(rt.awaitStopped(id).exitCode()).isEqualTo(4);
        rt.runtime.delete(id, false);
        assertThat(rt.cgroups.existingDirs(rt.cgroupParent + "/" + id)).isEmpty();
        assertThat(rt.runtime.list()).isEmpty();
    }

    @Test
    void deleteKillsWhatTheInitLeftBehindWithoutAPidNamespace() throws Exception {
        String id = rt.newId();
        // no PID namespace: the background sleep outlives the init, keeping the cgroup busy
        run(id, rt.spec(id, "sh", "-c", "sleep 1000 & exit 0")
            .withNamespaces(dev.berth.core.runtime.Namespaces.DEFAULT.withPid(dev.berth.core.runtime.Namespaces.Mode.HOST)));
        assertThat(rt.awaitStopped(id).exitCode()).isZero();
        String cg = rt.cgroupParent + "/" + id;
        List<Integer> left = Files.readAllLines(rt.cgroups.existingDirs(cg).getFirst().resolve("cgroup.procs"))
            .stream().map(Integer::parseInt).toList();
        assertThat(left).isNotEmpty();
        rt.runtime.delete(id, true);
        assertThat(rt.cgroups.existingDirs(cg)).isEmpty();
        assertThat(left).noneMatch(ProcFs::alive);
        assertThat(rt.runtime.list()).isEmpty();
    }

    @Test
    void sigtermThroughInitExitsWith143() throws Exception {
        String id = rt.newId();
        run(id, rt.spec(id, "sleep", "1000").withProcess(RuntimeSpec.Process.of(List.of("sleep", "1000")).withInit(true)));
        int init = ((ContainerProcessState.Running) rt.runtime.state(id)).pid();
        // a signal that reaches the init before it has started its child (on a loaded host) is not this test's case
        java.nio.file.Path children = java.nio.file.Path.of("/proc", Integer.toString(init), "task", Integer.toString(init), "children");
        long deadline = System.nanoTime() + java.util.concurrent.TimeUnit.SECONDS.toNanos(10);
        while (java.nio.file.Files.readString(children).isBlank() && System.nanoTime() < deadline) Thread.sleep(20);
        rt.runtime.kill(id, 15);
        assertThat(rt.awaitStopped(id).exitCode()).isEqualTo(143);
    }

    @Test
    void containerOutlivesTheRuntimeObjectAndConmonIsItsParent() throws Exception {
        String id = rt.newId();
        run(id, rt.spec(id, "sleep", "1000"));
        int pid = rt.runtime.state(id).pid();
        int conmonPid = rt.runtime.conmonPid(id).orElseThrow();
        assertThat(ProcFs.parent(pid)).contains(conmonPid);
        assertThat(ProcFs.parent(conmonPid)).isNotEqualTo(java.util.Optional.of((int) ProcessHandle.current().pid()));

        RuncRuntime restarted = rt.newRuntime(); // a restarted daemon: nothing in memory
        assertThat(restarted.state(id)).isEqualTo(new ContainerProcessState.Running(pid));
        assertThat(restarted.list()).containsExactly(new RuntimeContainer(id, new ContainerProcessState.Running(pid)));
        restarted.delete(id, true);
        assertThat(ProcFs.alive(pid)).isFalse();
    }

    List<String> outputOf(String id, RuntimeSpec spec) throws Exception {
        run(id, spec);
        assertThat(rt.awaitStopped(id).exitCode()).isZero();
        return K8sFileLog.read(rt.log(id)).stream().map(K8sFileLog.Entry::text).toList();
    }

    @Test
    void dockerDefaultsHoldInsideTheContainer() throws Exception {
        String id = rt.newId();
        String script = "grep CapEff /proc/self/status; wc -c < /proc/timer_list; ulimit -n; hostname; "
            + "touch /probe 2>/dev/null && echo rw || echo ro; unshare -U true 2>/dev/null && echo unshare || echo no-unshare";
        RuntimeSpec spec = rt.spec(id, "sh", "-c", script).withRoot(new RuntimeSpec.Root(rootfs, true));
        spec = spec.withProcess(spec.process().withRlimits(List.of(new RuntimeSpec.Rlimit("nofile", 1_048_576, 1_048_576))));
        long hostNofile = HostRlimits.current().hard("nofile");
        // Docker's default capability set is 0xa80425fb; /proc/timer_list is masked; hard limit clamped; seccomp blocks unshare
        assertThat(outputOf(id, spec)).containsExactly("CapEff:	00000000a80425fb", "0",
            Long.toString(hostNofile < 0 || hostNofile > 1_048_576 ? 1_048_576 : hostNofile), id, "ro", "no-unshare");
    }

    @Test
    void userAndGroupsAndPrivileged() throws Exception {
        String id = rt.newId();
        RuntimeSpec spec = rt.spec(id, "sh", "-c", "id -u; id -G; grep CapEff /proc/self/status");
        spec = spec.withProcess(spec.process().withUser(new RuntimeSpec.User(1000, 1000, List.of(10, 20))));
        assertThat(outputOf(id, spec)).containsExactly("1000", "1000 10 20", "CapEff:	0000000000000000");

        String priv = rt.newId();
        List<String> out = outputOf(priv, rt.spec(priv, "sh", "-c", "grep CapEff /proc/self/status; wc -c < /proc/timer_list | tr -d ' '")
            .withSecurity(dev.berth.core.runtime.Security.DEFAULT.withPrivileged(true)));
        long mask = 0;
        for (String c : Capabilities.ofHost().all()) mask |= 1L << Capabilities.KNOWN.indexOf(c);
        assertThat(out.getFirst()).isEqualTo("CapEff:	" + String.format("%016x", mask));
        assertThat(Long.parseLong(out.get(1))).isPositive(); // /proc/timer_list is no longer masked
    }

    @Test
    void execRunsInsideAndReportsItsExitCode() throws Exception {
        String id = rt.newId();
        run(id, rt.spec(id, "sleep", "1000"));
        Path execLog = work.resolve("logs/exec1.log");
        rt.runtime.exec(id, "exec1", RuntimeSpec.Process.of(List.of("sh", "-c", "hostname; exit 5")), StdioOptions.logTo(execLog));
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (!(rt.runtime.execState(id, "exec1") instanceof ContainerProcessState.Stopped) && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        assertThat(rt.runtime.execState(id, "exec1")).isInstanceOfSatisfying(ContainerProcessState.Stopped.class,
            s -> assertThat(s.exitCode()).isEqualTo(5));
        assertThat(K8sFileLog.read(execLog)).extracting(K8sFileLog.Entry::text).containsExactly(id);
        assertThat(rt.runtime.state(id)).isInstanceOf(ContainerProcessState.Running.class);
    }
}
