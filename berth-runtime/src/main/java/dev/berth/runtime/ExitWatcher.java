package dev.berth.runtime;

import dev.berth.core.runtime.OciRuntime;
import dev.berth.core.runtime.ProcessExit;
import java.io.IOException;
import java.nio.file.ClosedWatchServiceException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardWatchEventKinds;
import java.nio.file.WatchEvent;
import java.nio.file.WatchKey;
import java.nio.file.WatchService;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reports exit files as conmon writes them ({@code --exit-dir}; atomically, by rename, so a new
 * name is a complete file):
 * {@code containers/<id>/exits/<id>} for a container, {@code containers/<id>/exec/<execId>/exits/<id>}
 * for an exec. Exit directories are per process because conmon names the file after the runc id,
 * which all execs of a container share; so the watch follows the tree down: it watches
 * {@code containers/}, each container directory, its {@code exits/} and {@code exec/}, each exec
 * directory and its {@code exits/}, and lists every directory right after registering it, so files
 * created before the watch existed are not missed. A rescan every few seconds is the safety net
 * for what inotify cannot promise (queue overflow).
 *
 * <p>Threading: one virtual thread per watcher runs the loop and calls the listener, one call at a
 * time. (The JDK's inotify poller is its own platform thread; {@link WatchService#poll} waits in
 * Java, so the virtual thread does not pin a carrier.) Each exit file is reported once per
 * modification time; entries for files that are gone are forgotten at the next rescan.
 */
final class ExitWatcher implements OciRuntime.Subscription {
    private static final Logger LOG = LoggerFactory.getLogger(ExitWatcher.class);

    private final Path containers;
    private final Consumer<ProcessExit> listener;
    private final Duration rescan;
    private final WatchService watch;
    private final Map<WatchKey, Path> watched = new HashMap<>();
    private final Map<Path, WatchKey> keys = new HashMap<>();
    private final Map<Path, FileTime> reported = new HashMap<>();
    private volatile boolean closed;

    private ExitWatcher(Path containers, Consumer<ProcessExit> listener, Duration rescan, WatchService watch) {
        this.containers = containers;
        this.listener = listener;
        this.rescan = rescan;
        this.watch = watch;
    }

    static ExitWatcher start(ContainerDirs dirs, Consumer<ProcessExit> listener, Duration rescan) {
        Path containers = dirs.root().resolve("containers");
        try {
            Files.createDirectories(containers);
            ExitWatcher w = new ExitWatcher(containers, listener, rescan, FileSystems.getDefault().newWatchService());
            Thread.ofVirtual().name("exit-watch").start(w::run);
            return w;
        } catch (IOException e) {
            throw new dev.berth.common.error.BerthException.Internal("cannot watch " + containers + ": " + e.getMessage(), e);
        }
    }

    @Override
    public void close() {
        closed = true;
        try {
            watch.close();
        } catch (IOException e) {
            LOG.debug("closing the exit watch: {}", e.getMessage());
        }
    }

    private void run() {
        try {
            scanAll();
            long nextScan = System.nanoTime() + rescan.toNanos();
            while (!closed) {
                WatchKey key = watch.poll(Math.max(1, nextScan - System.nanoTime()), TimeUnit.NANOSECONDS);
                if (key != null) handle(key);
                if (System.nanoTime() >= nextScan) {
                    scanAll();
                    nextScan = System.nanoTime() + rescan.toNanos();
                }
            }
        } catch (ClosedWatchServiceException | InterruptedException e) {
            // closed: the subscription ends
        } catch (RuntimeException e) {
            LOG.error("exit watch on {} failed; exits are no longer reported", containers, e);
        }
    }

    private void handle(WatchKey key) {
        Path dir = watched.get(key);
        for (WatchEvent<?> event : key.pollEvents()) {
            if (event.kind() == StandardWatchEventKinds.OVERFLOW) scanAll();
            else if (dir != null) visit(dir.resolve((Path) event.context()));
        }
        if (!key.reset()) forget(key);
    }

    private void scanAll() {
        reported.keySet().removeIf(p -> !Files.exists(p));
        keys.keySet().stream().filter(p -> !Files.isDirectory(p)).toList().forEach(p -> forget(keys.get(p)));
        visit(containers);
    }

    /** Watches {@code p} and its relevant children if it is one of the directories on the way to exit files; reports it if it is one. */
    private void visit(Path p) {
        Path rel = containers.relativize(p);
        int n = p.equals(containers) ? 0 : rel.getNameCount();
        String name = n == 0 ? "" : rel.getFileName().toString();
        boolean underExec = n >= 2 && rel.getName(1).toString().equals("exec");
        // conmon names the exit file after the runc id and writes it through a temporary file
        // beside it (<id>.XXXXXX, then a rename): only the final name is an exit
        boolean exitFile = n >= 3 && name.equals(rel.getName(0).toString());
        if (n == 3 && rel.getName(1).toString().equals("exits")) {
            if (exitFile) report(p, ProcessExit.container(rel.getName(0).toString()));
        } else if (n == 5 && underExec && rel.getName(3).toString().equals("exits")) {
            if (exitFile) report(p, ProcessExit.exec(rel.getName(0).toString(), rel.getName(2).toString()));
        } else if (n <= 1 || (n == 2 && (name.equals("exits") || name.equals("exec"))) || (n == 3 && underExec)
                   || (n == 4 && underExec && name.equals("exits"))) {
            if (!Files.isDirectory(p, java.nio.file.LinkOption.NOFOLLOW_LINKS)) return;
            register(p);
            try (Stream<Path> children = Files.list(p)) {
                children.toList().forEach(this::visit);
            } catch (IOException e) {
                // removed meanwhile (a container deleted): nothing to watch
            }
        }
    }

    private void register(Path dir) {
        if (keys.containsKey(dir)) return;
        try {
            WatchKey key = dir.register(watch, StandardWatchEventKinds.ENTRY_CREATE);
            watched.put(key, dir);
            keys.put(dir, key);
        } catch (IOException e) {
            LOG.debug("cannot watch {}: {}", dir, e.getMessage());
        }
    }

    private void forget(WatchKey key) {
        if (key == null) return;
        key.cancel();
        Path dir = watched.remove(key);
        if (dir != null) keys.remove(dir);
    }

    private void report(Path exitFile, ProcessExit exit) {
        FileTime time;
        try {
            time = Files.getLastModifiedTime(exitFile);
        } catch (IOException e) {
            return; // deleted with its container
        }
        if (time.equals(reported.put(exitFile, time))) return;
        try {
            listener.accept(exit);
        } catch (RuntimeException e) {
            LOG.warn("exit listener failed for {}", exit, e);
        }
    }
}
