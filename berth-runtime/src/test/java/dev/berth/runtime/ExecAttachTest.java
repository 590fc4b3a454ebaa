package dev.berth.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.berth.common.error.BerthException;
import dev.berth.core.container.StdioSession;
import dev.berth.core.runtime.ContainerProcessState;
import dev.berth.core.runtime.ContainerStartException;
import dev.berth.core.runtime.ExecHandle;
import dev.berth.core.runtime.RuntimeSpec;
import dev.berth.core.runtime.StdioOptions;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** Attached execs (conmon --exec-attach) and exec cleanup, against real runc + conmon. */
class ExecAttachTest extends RealRuntimeTests {
    ExecHandle execAttached(String id, String execId, boolean tty, boolean stdin, String... args) {
        RuntimeSpec.Process p = RuntimeSpec.Process.of(List.of(args)).withTerminal(tty);
        ExecHandle h = rt.runtime.execAttached(id, execId, p, new StdioOptions(rt.log(execId), stdin, tty, 0));
        rt.track(h.session());
        return h;
    }

    @Test
    void theSessionSeesOutputWrittenBeforeAnyoneCouldAttach() throws Exception {
        String id = rt.sleeper();
        ExecHandle h = execAttached(id, "e1", false, false, "sh", "-c", "echo first; sleep 0.2; echo second");
        assertThat(h.state()).isInstanceOfAny(ContainerProcessState.Running.class, ContainerProcessState.Stopped.class);
        assertThat(RealRuntime.drain(h.session())).isEqualTo("first\nsecond\n");
        assertThat(rt.awaitExecStopped(rt.runtime, id, "e1").exitCode()).isZero();
        assertThat(K8sFileLog.read(rt.log("e1"))).extracting(K8sFileLog.Entry::text).containsExactly("first", "second");
    }

    @Test
    void streamsStaySeparateAndTheExitCodeIsKept() throws Exception {
        String id = rt.sleeper();
        ExecHandle h = execAttached(id, "e2", false, false, "sh", "-c", "echo out; echo err >&2; exit 7");
        var out = new ByteArrayOutputStream();
        var err = new ByteArrayOutputStream();
        for (StdioSession.Chunk c = h.session().read(); c != null; c = h.session().read()) {
            (c.stream() == StdioSession.Stream.STDERR ? err : out).writeBytes(c.data());
        }
        assertThat(out.toString(StandardCharsets.UTF_8)).isEqualTo("out\n");
        assertThat(err.toString(StandardCharsets.UTF_8)).isEqualTo("err\n");
        assertThat(rt.awaitExecStopped(rt.runtime, id, "e2").exitCode()).isEqualTo(7);
    }

    @Test
    void closingStdinEndsAnExecReadingIt() throws Exception {
        String id = rt.sleeper();
        ExecHandle h = execAttached(id, "e3", false, true, "cat");
        h.session().stdin().write("hello\n".getBytes(StandardCharsets.UTF_8));
        RealRuntime.readUntil(h.session(), "hello");
        h.session().stdin().close();
        assertThat(rt.awaitExecStopped(rt.runtime, id, "e3").exitCode()).isZero();
    }

    @Test
    void resizingATtyExecChangesItsTerminalSize() throws Exception {
        String id = rt.sleeper();
        ExecHandle h = execAttached(id, "e4", true, true, "sh");
        StdioSession s = h.session();
        s.resize(100, 40);
        s.stdin().write("stty size\n".getBytes(StandardCharsets.UTF_8));
        RealRuntime.readUntil(s, "40 100");
        s.resize(132, 50);
        s.stdin().write("stty size\n".getBytes(StandardCharsets.UTF_8));
        RealRuntime.readUntil(s, "50 132");
        s.stdin().write("exit 3\n".getBytes(StandardCharsets.UTF_8));
        assertThat(rt.awaitExecStopped(rt.runtime, id, "e4").exitCode()).isEqualTo(3);
    }

    @Test
    void aMissingCommandFailsWith127AndLeavesNoConmon() throws Exception {
        String id = rt.sleeper();
        RuntimeSpec.Process p = RuntimeSpec.Process.of(List.of("nosuchcmd"));
        assertThatThrownBy(() -> rt.runtime.execAttached(id, "e5", p, StdioOptions.logTo(rt.log("e5"))))
            .isInstanceOf(BerthException.InvalidArgument.class)
            .hasMessageContaining("executable file not found")
            .satisfies(e -> assertThat(ContainerStartException.exitCodeOf(e)).isEqualTo(127));
        Path dir = work.resolve("state/containers").resolve(id).resolve("exec/e5");
        var conmon = ProcFs.readPid(dir.resolve("conmon.pid"));
        if (conmon.isPresent()) assertThat(awaitGone(conmon.get())).isTrue();
        assertThat(rt.runtime.state(id)).isInstanceOf(ContainerProcessState.Running.class);
    }

    @Test
    void deleteRemovesEveryTraceOfExecs() throws Exception {
        String id = rt.sleeper();
        execAttached(id, "long", false, false, "sleep", "1000");
        rt.runtime.exec(id, "short", RuntimeSpec.Process.of(List.of("true")), StdioOptions.logTo(rt.log("short")));
        rt.awaitExecStopped(rt.runtime, id, "short");
        Path state = work.resolve("state");
        int execConmon = ProcFs.readPid(state.resolve("containers").resolve(id).resolve("exec/long/conmon.pid")).orElseThrow();

        rt.runtime.deleteExec(id, "short");
        assertThat(state.resolve("containers").resolve(id).resolve("exec/short")).doesNotExist();
        assertThatThrownBy(() -> rt.runtime.execState(id, "short")).isInstanceOf(BerthException.NotFound.class);

        rt.runtime.delete(id, true);
        assertThat(state.resolve("containers").resolve(id)).doesNotExist();
        try (Stream<Path> links = Files.list(state.resolve("sockets"))) {
            assertThat(links).isEmpty();
        }
        assertThat(awaitGone(execConmon)).isTrue();
    }

    static boolean awaitGone(int pid) throws InterruptedException {
        for (int i = 0; i < 300 && ProcFs.alive(pid); i++) Thread.sleep(10);
        return !ProcFs.alive(pid);
    }
}
