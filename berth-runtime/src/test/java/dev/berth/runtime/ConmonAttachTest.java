package dev.berth.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.berth.common.error.BerthException;
import dev.berth.common.process.HostCommandRunner;
import dev.berth.core.container.StdioSession;
import dev.berth.core.runtime.ContainerProcessState;
import dev.berth.core.runtime.RuntimeSpec;
import dev.berth.core.runtime.StdioOptions;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
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
    RuncRuntime runtime;
    ConmonAttach attach;
    CgroupLayout cgroups;
    String cgroupParent;
    final List<String> ids = new ArrayList<>();
    final List<Integer> conmons = new ArrayList<>();
    final List<StdioSession> sessions = new ArrayList<>();

    @BeforeAll
    static void rootfs() throws Exception {
        assumeTrue(BusyboxRootfs.available(), "needs root, runc, conmon and busybox");
        rootfs = BusyboxRootfs.create(shared.resolve("rootfs"));
    }

    @BeforeEach
    void setUp() {
        cgroups = CgroupLayout.detect();
        cgroupParent = "/berth-test-" + UUID.randomUUID().toString().substring(0, 8);
        Path state = work.resolve("state");
        runtime = new RuncRuntime(RuncRuntime.Config.runc(state), new HostCommandRunner(), OciSpecWriter.forHost(cgroups), cgroups);
        attach = new ConmonAttach(state);
    }

    @AfterEach
    void tearDown() {
        sessions.forEach(StdioSession::close);
        for (String id : ids) {
            runtime.conmonPid(id).ifPresent(conmons::add);
            try {
                runtime.delete(id, true);
            } catch (BerthException e) {
                // never created, or already gone
            }
        }
        for (int pid : conmons) {
            if (ProcFs.alive(pid) && ProcFs.cmdline(pid).contains(work.toString())) {
                ProcessHandle.of(pid).ifPresent(ProcessHandle::destroyForcibly);
            }
        }
        for (String id : ids) cgroups.removeEmpty(cgroupParent + "/" + id);
        cgroups.removeEmpty(cgroupParent);
    }

    String create(boolean tty, String... args) {
        String id = "a-" + UUID.randomUUID().toString().substring(0, 12);
        ids.add(id);
        RuntimeSpec spec = RuntimeSpec.of(rootfs, List.of(args)).withCgroupsPath(cgroupParent + "/" + id).withHostname(id);
        spec = spec.withProcess(spec.process().withTerminal(tty));
        runtime.create(id, work.resolve("bundles").resolve(id), spec,
            new StdioOptions(work.resolve("logs").resolve(id + ".log"), true, tty, 0));
        runtime.conmonPid(id).ifPresent(conmons::add);
        return id;
    }

    StdioSession track(StdioSession s) {
        sessions.add(s);
        return s;
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

    /** Reads until the text seen so far contains {@code expected}; returns everything read. */
    static String readUntil(StdioSession s, String expected) throws Exception {
        var seen = new StringBuilder();
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        CompletableFuture<Void> f = CompletableFuture.runAsync(() -> {
            try {
                while (!seen.toString().contains(expected)) {
                    StdioSession.Chunk c = s.read();
                    if (c == null) return;
                    synchronized (seen) { seen.append(new String(c.data(), StandardCharsets.UTF_8)); }
                }
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
        }, r -> Thread.ofVirtual().start(r));
        f.get(Math.max(1, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
        assertThat(seen.toString()).contains(expected);
        return seen.toString();
    }

    @Test
    void stdinReachesTheProcessAndStdoutAndStderrComeBackSeparately() throws Exception {
        String id = create(false, "sh", "-c", "read x; echo got:$x; echo err >&2");
        StdioSession s = track(attach.attach(id, false, true));
        CompletableFuture<Output> output = drain(s);
        runtime.start(id);
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
        StdioSession s = track(attach.attach(id, true, true));
        runtime.start(id);
        s.resize(100, 40);
        s.stdin().write("stty size\n".getBytes(StandardCharsets.UTF_8));
        String first = readUntil(s, "40 100");
        assertThat(first).contains("stty size"); // the terminal echoed what we typed
        s.resize(132, 50);
        s.stdin().write("stty size\n".getBytes(StandardCharsets.UTF_8));
        readUntil(s, "50 132");
    }

    @Test
    void closingDetachesAndTheContainerRunsOn() throws Exception {
        String id = create(false, "sh", "-c", "while read x; do echo \"got:$x\"; done");
        StdioSession first = track(attach.attach(id, false, true));
        runtime.start(id);
        first.stdin().write("one\n".getBytes(StandardCharsets.UTF_8));
        readUntil(first, "got:one");
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
        assertThat(runtime.state(id)).isInstanceOf(ContainerProcessState.Running.class);

        StdioSession second = track(attach.attach(id, false, true));
        second.stdin().write("two\n".getBytes(StandardCharsets.UTF_8));
        assertThat(readUntil(second, "got:two")).doesNotContain("got:one");
    }

    @Test
    void execSessionsHaveTheirOwnSocket() throws Exception {
        String id = create(false, "sleep", "1000");
        runtime.start(id);
        runtime.exec(id, "e1", RuntimeSpec.Process.of(List.of("sh", "-c", "read x; echo exec:$x; echo oops >&2")),
            new StdioOptions(work.resolve("logs/e1.log"), true, false, 0));
        StdioSession s = track(attach.attachExec(id, "e1", false, true));
        CompletableFuture<Output> output = drain(s);
        s.stdin().write("hi\n".getBytes(StandardCharsets.UTF_8));
        Output o = output.get(15, TimeUnit.SECONDS);
        assertThat(o.stdout()).isEqualTo("exec:hi\n");
        assertThat(o.stderr()).isEqualTo("oops\n");
        assertThat(runtime.state(id)).isInstanceOf(ContainerProcessState.Running.class);
    }

    @Test
    void stdinOnceClosesTheContainersStdinWithTheClients() throws Exception {
        String id = "a-" + UUID.randomUUID().toString().substring(0, 12);
        ids.add(id);
        Path log = work.resolve("logs").resolve(id + ".log");
        RuntimeSpec spec = RuntimeSpec.of(rootfs, List.of("cat")).withCgroupsPath(cgroupParent + "/" + id);
        runtime.create(id, work.resolve("bundles").resolve(id), spec, new StdioOptions(log, true, false, 0).withStdinOnce(true));
        runtime.conmonPid(id).ifPresent(conmons::add);
        StdioSession s = track(attach.attach(id, false, true));
        runtime.start(id);
        s.stdin().write("x\n".getBytes(StandardCharsets.UTF_8));
        readUntil(s, "x");
        s.stdin().close();
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (!(runtime.state(id) instanceof ContainerProcessState.Stopped) && System.nanoTime() < deadline) Thread.sleep(20);
        assertThat(runtime.state(id)).isInstanceOfSatisfying(ContainerProcessState.Stopped.class, st -> assertThat(st.exitCode()).isZero());
        assertThat(K8sFileLog.read(log)).extracting(K8sFileLog.Entry::text).containsExactly("x");
    }
}
