package dev.berth.core.container;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import java.util.function.IntPredicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Notices when a container's init process is gone. One virtual thread polls {@code /proc/<pid>} of
 * every watched container; the runtime's supervisor (not the daemon) is the process's parent, so
 * there is no child signal to wait for. Polling every {@link #INTERVAL} costs a stat per container.
 * The callback then asks the runtime for the exit code.
 */
final class ExitMonitor implements AutoCloseable {
    static final Duration INTERVAL = Duration.ofMillis(50);
    private static final Logger LOG = LoggerFactory.getLogger(ExitMonitor.class);

    private final Map<String, Integer> watched = new ConcurrentHashMap<>();
    private final IntPredicate alive;
    private final Consumer<String> onExit;
    private final Thread thread;
    private volatile boolean closed;

    ExitMonitor(IntPredicate alive, Consumer<String> onExit) {
        this.alive = alive;
        this.onExit = onExit;
        this.thread = Thread.ofVirtual().name("container-exit-monitor").start(this::loop);
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
        if (pid > 0) watched.put(id, pid);
    }

    void unwatch(String id) { watched.remove(id); }

    private void loop() {
        while (!closed) {
            for (var e : Map.copyOf(watched).entrySet()) {
                if (alive.test(e.getValue())) continue;
                if (!watched.remove(e.getKey(), e.getValue())) continue;
                Thread.ofVirtual().name("container-exit-" + e.getKey().substring(0, 12)).start(() -> notify(e.getKey()));
            }
            try {
                Thread.sleep(INTERVAL);
            } catch (InterruptedException ie) {
                return;
            }
        }
    }

    private void notify(String id) {
        try {
            onExit.accept(id);
        } catch (RuntimeException ex) {
            LOG.error("handling the exit of container {} failed", id, ex);
        }
    }

    @Override
    public void close() {
        closed = true;
        thread.interrupt();
    }
}
