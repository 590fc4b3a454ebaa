package dev.berth.core.container;

import dev.berth.common.error.BerthException;
import dev.berth.core.runtime.OciRuntime;
import dev.berth.core.runtime.ProcessExit;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BiConsumer;
import java.util.function.Consumer;
import java.util.function.IntPredicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Notices when a container's init process, or an exec'd process, is gone. The runtime's
 * supervisor (not the daemon) is the parent, so there is no child signal to wait for. When the
 * runtime can report exits ({@link OciRuntime#watchExits}), those notices act at once and a
 * {@code /proc/<pid>} rescan every {@link #RESCAN} is only the safety net; otherwise the rescan
 * runs every {@link #POLL} (a stat per process). The callbacks then ask the runtime for the exit code.
 */
final class ExitMonitor implements AutoCloseable {
    static final Duration POLL = Duration.ofMillis(50);
    static final Duration RESCAN = Duration.ofSeconds(1);
    private static final Logger LOG = LoggerFactory.getLogger(ExitMonitor.class);

    private final Map<String, Integer> watched = new ConcurrentHashMap<>();
    /** containerId + "/" + execId → pid. */
    private final Map<String, Integer> execs = new ConcurrentHashMap<>();
    private final IntPredicate alive;
    private final Consumer<String> onExit;
    private volatile BiConsumer<String, String> onExecExit = (c, e) -> { };
    private final OciRuntime.Subscription subscription;
    private final Duration interval;
    private final Thread thread;
    private volatile boolean closed;

    ExitMonitor(IntPredicate alive, Consumer<String> onExit) {
        this(alive, onExit, null);
    }

    /** @param runtime whose exit notices to use; null (or a runtime without them) means polling only */
    ExitMonitor(IntPredicate alive, Consumer<String> onExit, OciRuntime runtime) {
        this.alive = alive;
        this.onExit = onExit;
        this.subscription = subscribe(runtime);
        this.interval = subscription == null ? POLL : RESCAN;
        this.thread = Thread.ofVirtual().name("container-exit-monitor").start(this::loop);
    }

    private OciRuntime.Subscription subscribe(OciRuntime runtime) {
        if (runtime == null) return null;
        try {
            return runtime.watchExits(this::noticed);
        } catch (BerthException.NotImplemented e) {
            return null;
        } catch (BerthException e) {
            LOG.warn("runtime exit notices unavailable, polling instead: {}", e.getMessage());
            return null;
        }
    }

    /** A process that exists and is not a zombie. */
    static boolean procAlive(int pid) {
        Path stat = Path.of("/proc", Integer.toString(pid), "stat");
        try {
            String s = Files.readString(stat);
            int close = s.lastIndexOf(')');
            return close < 0 || close + 2 >= s.length() || s.charAt(close + 2) != 'Z';
        } catch (java.io.IOException e) {
            return false;
        }
    }

    void watch(String id, int pid) {
        if (pid <= 0) return;
        watched.put(id, pid);
        // the runtime's notice may have come before this registration (a process like `true` is
        // gone by now): act on it here rather than at the next rescan, a second later. On another
        // thread, because the caller holds the container's lock and has yet to publish "start".
        if (!alive.test(pid)) {
            Thread.ofVirtual().name("exit-" + id).start(() -> {
                if (watched.remove(id, pid)) fire(id);
            });
        }
    }

    void unwatch(String id) { watched.remove(id); }

    /** Where exec exits go: (containerId, execId). */
    void onExecExit(BiConsumer<String, String> listener) { this.onExecExit = listener; }

    void watchExec(String containerId, String execId, int pid) {
        if (pid <= 0) return;
        String key = containerId + "/" + execId;
        execs.put(key, pid);
        if (!alive.test(pid)) {
            Thread.ofVirtual().name("exit-" + key).start(() -> {
                if (execs.remove(key, pid)) fireExec(key);
            });
        }
    }

    void unwatchExec(String containerId, String execId) { execs.remove(containerId + "/" + execId); }

    /** A runtime notice: act on it if the process is one we watch and is really gone (notices may repeat). */
    private void noticed(ProcessExit exit) {
        if (exit.isExec()) {
            String key = exit.containerId() + "/" + exit.execId();
            Integer pid = execs.get(key);
            if (pid != null && !alive.test(pid) && execs.remove(key, pid)) fireExec(key);
        } else {
            Integer pid = watched.get(exit.containerId());
            if (pid != null && !alive.test(pid) && watched.remove(exit.containerId(), pid)) fire(exit.containerId());
        }
    }

    private void loop() {
        while (!closed) {
            for (var e : Map.copyOf(watched).entrySet()) {
                if (alive.test(e.getValue())) continue;
                if (watched.remove(e.getKey(), e.getValue())) fire(e.getKey());
            }
            for (var e : Map.copyOf(execs).entrySet()) {
                if (alive.test(e.getValue())) continue;
                if (execs.remove(e.getKey(), e.getValue())) fireExec(e.getKey());
            }
            try {
                Thread.sleep(interval);
            } catch (InterruptedException ie) {
                return;
            }
        }
    }

    private void fire(String id) {
        Thread.ofVirtual().name("container-exit-" + id.substring(0, Math.min(12, id.length()))).start(() -> {
            try {
                onExit.accept(id);
            } catch (RuntimeException ex) {
                LOG.error("handling the exit of container {} failed", id, ex);
            }
        });
    }

    private void fireExec(String key) {
        int slash = key.indexOf('/');
        String containerId = key.substring(0, slash);
        String execId = key.substring(slash + 1);
        Thread.ofVirtual().name("exec-exit").start(() -> {
            try {
                onExecExit.accept(containerId, execId);
            } catch (RuntimeException ex) {
                LOG.error("handling the exit of exec {} failed", execId, ex);
            }
        });
    }

    @Override
    public void close() {
        closed = true;
        if (subscription != null) subscription.close();
        thread.interrupt();
    }
}
