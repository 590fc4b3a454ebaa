package dev.berth.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.berth.core.container.StdioSession;
import dev.berth.core.runtime.ContainerProcessState;
import dev.berth.core.runtime.RuntimeSpec;
import dev.berth.core.runtime.StdioOptions;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** conmon's attach protocol, against real runc + conmon. Skipped unless root with both installed. */
class ConmonAttachTest {
    @TempDir static Path shared;
    static Path rootfs;

    @TempDir Path work;
    RealRuntime rt;
    ConmonAttach attach;

    @BeforeAll
    static void rootfs() throws Exception {
        assumeTrue(BusyboxRootfs.available(), "needs root, runc, conmon and busybox");
        rootfs = BusyboxRootfs.create(shared.resolve("rootfs"));
    }

    @BeforeEach
    void setUp() {
        rt = new RealRuntime(work, rootfs);
        attach = new ConmonAttach(work.resolve("state"));
    }

    @AfterEach
    void tearDown() {
        rt.close();
    }

    /** A created (not started) container with stdin open, logging to its own file. */
    String create(boolean tty, String... args) {
        String id = rt.newId();
        RuntimeSpec spec = rt.spec(id, args);
        rt.create(id, spec.withProcess(spec.process().withTerminal(tty)), new StdioOptions(rt.log(id), true, tty, 0));
        return id;
    }

    /** Collects output per stream until the session ends. */
    record Output(String stdout, String stderr) {}

    static CompletableFuture<Output> drain(StdioSession s) {
        return CompletableFuture.supplyAsync(() -> {
            var out = new ByteArrayOutputStream();
            var err = new ByteArrayOutputStream();
            try {
                for (StdioSession.Chunk c = s.read(); c != null; c = s.read()) {
                    (c.stream() == StdioSession.Stream.STDERR ? err : out).writeBytes(c.data());
                }
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
            return new Output(out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
        }, r -> Thread.ofVirtual().start(r));
    }

    @Test
    void stdinReachesTheProcessAndStdoutAndStderrComeBackSeparately() throws Exception {
        String id = create(false, "sh", "-c", "read x; echo got:$x; echo err >&2");
        StdioSession s = rt.track(attach.attach(id, false, true));
        CompletableFuture<Output> output = drain(s);
        rt.runtime.start(id);
        s.stdin().write("hi\n".getBytes(StandardCharsets.UTF_8));
        s.stdin().flush();
        Output o = output.get(15, TimeUnit.SECONDS); // ends by itself when the process exits
        assertThat(o.stdout()).isEqualTo("got:hi\n");
        assertThat(o.stderr()).isEqualTo("err\n");
        assertThat(s.read()).isNull();
    }

    @Test
    void ttyEchoesInputAndFollowsResize() throws Exception {
        String id = create(true, "sh");
        StdioSession s = rt.track(attach.attach(id, true, true));
        rt.runtime.start(id);
        s.resize(100, 40);
        s.stdin().write("stty size\n".getBytes(StandardCharsets.UTF_8));
        String first = RealRuntime.readUntil(s, "40 100");
        assertThat(first).contains("stty size"); // the terminal echoed what we typed
        s.resize(132, 50);
        s.stdin().write("stty size\n".getBytes(StandardCharsets.UTF_8));
        RealRuntime.readUntil(s, "50 132");
    }

    @Test
    void closingDetachesAndTheContainerRunsOn() throws Exception {
        String id = create(false, "sh", "-c", "while read x; do echo \"got:$x\"; done");
        StdioSession first = rt.track(attach.attach(id, false, true));
        rt.runtime.start(id);
        first.stdin().write("one\n".getBytes(StandardCharsets.UTF_8));
        RealRuntime.readUntil(first, "got:one");
        CompletableFuture<StdioSession.Chunk> blocked = CompletableFuture.supplyAsync(() -> {
            try {
                return first.read();
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
        }, r -> Thread.ofVirtual().start(r));
        first.close();
        assertThat(blocked.get(5, TimeUnit.SECONDS)).isNull(); // close wakes a blocked reader
        Thread.sleep(200);
        assertThat(rt.runtime.state(id)).isInstanceOf(ContainerProcessState.Running.class);

        StdioSession second = rt.track(attach.attach(id, false, true));
        second.stdin().write("two\n".getBytes(StandardCharsets.UTF_8));
        assertThat(RealRuntime.readUntil(second, "got:two")).doesNotContain("got:one");
    }

    @Test
    void execSessionsHaveTheirOwnSocket() throws Exception {
        String id = create(false, "sleep", "1000");
        rt.runtime.start(id);
        rt.runtime.exec(id, "e1", RuntimeSpec.Process.of(List.of("sh", "-c", "read x; echo exec:$x; echo oops >&2")),
            new StdioOptions(work.resolve("logs/e1.log"), true, false, 0));
        StdioSession s = rt.track(attach.attachExec(id, "e1", false, true));
        CompletableFuture<Output> output = drain(s);
        s.stdin().write("hi\n".getBytes(StandardCharsets.UTF_8));
        Output o = output.get(15, TimeUnit.SECONDS);
        assertThat(o.stdout()).isEqualTo("exec:hi\n");
        assertThat(o.stderr()).isEqualTo("oops\n");
        assertThat(rt.runtime.state(id)).isInstanceOf(ContainerProcessState.Running.class);
    }

    @Test
    void stdinOnceClosesTheContainersStdinWithTheClients() throws Exception {
        String id = rt.newId();
        Path log = rt.log(id);
        RuntimeSpec spec = RuntimeSpec.of(rootfs, List.of("cat")).withCgroupsPath(rt.cgroupParent + "/" + id);
        rt.create(id, spec, new StdioOptions(log, true, false, 0).withStdinOnce(true));
        StdioSession s = rt.track(attach.attach(id, false, true));
        rt.runtime.start(id);
        s.stdin().write("x\n".getBytes(StandardCharsets.UTF_8));
        RealRuntime.readUntil(s, "x");
        s.stdin().close();
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (!(rt.runtime.state(id) instanceof ContainerProcessState.Stopped) && System.nanoTime() < deadline) Thread.sleep(20);
        assertThat(rt.runtime.state(id)).isInstanceOfSatisfying(ContainerProcessState.Stopped.class, st -> assertThat(st.exitCode()).isZero());
        assertThat(K8sFileLog.read(log)).extracting(K8sFileLog.Entry::text).containsExactly("x");
    }
}
