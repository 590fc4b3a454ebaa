package dev.berth.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import dev.berth.common.error.BerthException;
import dev.berth.common.process.HostCommandRunner;
import dev.berth.core.container.StdioSession;
import dev.berth.core.runtime.ContainerProcessState;
import dev.berth.core.runtime.OciRuntime;
import dev.berth.core.runtime.RuntimeSpec;
import dev.berth.core.runtime.StdioOptions;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * A {@link RuncRuntime} over a test's own directory and cgroup parent that remembers what it made
 * (containers, conmon pids, sessions, subscriptions) and {@link #close}s all of it, even after a
 * failed assertion. Tests using it skip unless {@link BusyboxRootfs#available}.
 */
final class RealRuntime implements AutoCloseable {
    final Path work;
    final Path rootfs;
    final CgroupLayout cgroups = CgroupLayout.detect();
    final String cgroupParent = "/berth-test-" + UUID.randomUUID().toString().substring(0, 8);
    final RuncRuntime runtime;
    private final List<String> ids = new ArrayList<>();
    private final List<Integer> conmons = new ArrayList<>();
    private final List<AutoCloseable> closeables = new ArrayList<>();

    RealRuntime(Path work, Path rootfs) {
        this.work = work;
        this.rootfs = rootfs;
        this.runtime = newRuntime();
    }

    /** Another runtime over the same state directory, as a restarted daemon has: nothing in memory. */
    RuncRuntime newRuntime() {
        return new RuncRuntime(RuncRuntime.Config.runc(work.resolve("state")), new HostCommandRunner(),
            OciSpecWriter.forHost(cgroups), cgroups);
    }

    String newId() {
        String id = "t-" + UUID.randomUUID().toString().substring(0, 12);
        ids.add(id);
        return id;
    }

    RuntimeSpec spec(String id, String... args) {
        return RuntimeSpec.of(rootfs, List.of(args)).withCgroupsPath(cgroupParent + "/" + id).withHostname(id);
    }

    Path log(String name) { return work.resolve("logs").resolve(name + ".log"); }

    Path bundle(String id) { return work.resolve("bundles").resolve(id); }

    /** Creates without starting; remembers the conmon for cleanup. Returns the state create reported. */
    ContainerProcessState create(String id, RuntimeSpec spec, StdioOptions stdio) {
        ContainerProcessState state = runtime.create(id, bundle(id), spec, stdio);
        runtime.conmonPid(id).ifPresent(conmons::add);
        return state;
    }

    void run(String id, RuntimeSpec spec) {
        create(id, spec, StdioOptions.logTo(log(id)));
        runtime.start(id);
    }

    /** A running {@code sleep} container to exec into. */
    String sleeper() {
        String id = newId();
        run(id, spec(id, "sleep", "1000"));
        return id;
    }

    <T extends AutoCloseable> T track(T c) {
        closeables.add(c);
        return c;
    }

    ContainerProcessState.Stopped awaitStopped(String id) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(15).toNanos();
        while (System.nanoTime() < deadline) {
            if (runtime.state(id) instanceof ContainerProcessState.Stopped s) return s;
            Thread.sleep(20);
        }
        throw new AssertionError("container " + id + " did not stop: " + runtime.state(id));
    }

    ContainerProcessState.Stopped awaitExecStopped(OciRuntime rt, String id, String execId) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(15).toNanos();
        while (System.nanoTime() < deadline) {
            if (rt.execState(id, execId) instanceof ContainerProcessState.Stopped s) return s;
            Thread.sleep(20);
        }
        throw new AssertionError("exec " + execId + " did not stop");
    }

    /** Everything the session delivers until it ends, as text (streams merged). */
    static String drain(StdioSession s) throws Exception {
        CompletableFuture<String> f = CompletableFuture.supplyAsync(() -> {
            var out = new StringBuilder();
            try {
                for (StdioSession.Chunk c = s.read(); c != null; c = s.read()) out.append(new String(c.data(), StandardCharsets.UTF_8));
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
            return out.toString();
        }, r -> Thread.ofVirtual().start(r));
        return f.get(15, TimeUnit.SECONDS);
    }

    /** Reads until the text seen so far contains {@code expected}. */
    static String readUntil(StdioSession s, String expected) throws Exception {
        var seen = new StringBuilder();
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
        f.get(10, TimeUnit.SECONDS);
        synchronized (seen) {
            assertThat(seen.toString()).contains(expected);
            return seen.toString();
        }
    }

    /** Conmon pids of the container and its execs still alive, for cleanup by pid. */
    private void collectConmons(String id) {
        runtime.conmonPid(id).ifPresent(conmons::add);
        try (var pids = java.nio.file.Files.find(work.resolve("state/containers").resolve(id), 4,
                (p, a) -> p.getFileName().toString().equals("conmon.pid"))) {
            pids.forEach(p -> ProcFs.readPid(p).ifPresent(conmons::add));
        } catch (java.io.IOException e) {
            // never created
        }
    }

    @Override
    public void close() {
        for (AutoCloseable c : closeables.reversed()) {
            try {
                c.close();
            } catch (Exception e) {
                // best effort
            }
        }
        for (String id : ids) {
            collectConmons(id);
            try {
                runtime.delete(id, true);
            } catch (BerthException e) {
                // never created, or deleted by the test
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
}
