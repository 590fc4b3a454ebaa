package dev.berth.core.container;

import dev.berth.common.error.BerthException;
import dev.berth.core.event.EventBus;
import dev.berth.core.image.Digest;
import dev.berth.core.image.ImageService;
import dev.berth.core.runtime.ContainerStartException;
import dev.berth.core.runtime.OciRuntime;
import dev.berth.core.runtime.RuntimeSpec;
import dev.berth.core.runtime.StdioOptions;
import java.time.Clock;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What the container use cases share: the index, the SPIs, and the steps several of them take
 * (persist + publish, start a process, tear down the runtime side, remove). Every method that
 * changes a container expects the caller to hold that container's lock.
 */
final class ContainerContext {
    private static final Logger LOG = LoggerFactory.getLogger(ContainerContext.class);

    final ContainerIndex index = new ContainerIndex();
    final Waiters waiters = new Waiters();
    final OciRuntime runtime;
    final Snapshotter snapshotter;
    final ContainerStore store;
    final ImageService images;
    final EventBus events;
    final Clock clock;
    final ContainerFiles files;
    final StdioSessions sessions;
    final RootfsUsers rootfsUsers = new RootfsUsers();
    final LogFollowers logFollowers = new LogFollowers();
    final SharedNamespaces sharedNamespaces = new SharedNamespaces(index);
    ExitMonitor monitor;
    ContainerNetworks networking;
    ContainerMounts mounts = ContainerMounts.withoutVolumes();

    ContainerContext(OciRuntime runtime, Snapshotter snapshotter, ContainerStore store, ImageService images, EventBus events,
                     Clock clock, ContainerFiles files, StdioSessions sessions) {
        this.sessions = sessions;
        this.runtime = runtime;
        this.snapshotter = snapshotter;
        this.store = store;
        this.images = images;
        this.events = events;
        this.clock = clock;
        this.files = files;
    }

    /** Runs {@code change} on the current version of {@code id} under its lock, persists and indexes the result. */
    Container update(String id, UnaryOperator<Container> change) {
        var lock = index.lock(id);
        lock.lock();
        try {
            Container current = index.get(id);
            if (current == null) throw new BerthException.NotFound("No such container: " + id);
            Container next = change.apply(current);
            if (next != current) save(next);
            return next;
        } finally {
            lock.unlock();
        }
    }

    void save(Container c) {
        store.save(c);
        index.put(c);
    }

    /** A container event with Docker's attributes: name, image, the labels, and {@code extra}. */
    void publish(Container c, String action, Map<String, String> extra) {
        Map<String, String> attrs = new HashMap<>(c.config().labels());
        attrs.put("name", c.bareName());
        attrs.put("image", c.config().image());
        attrs.putAll(extra);
        events.publish("container", action, c.id(), attrs);
    }

    /**
     * Creates and starts the runtime container for {@code c} (caller holds the lock). A process that
     * cannot start leaves the container Exited with Docker's code and message, and the error is rethrown.
     */
    Container startProcess(Container c, boolean byPolicy) {
        ContainerTransitions.checkStartable(c);
        forgetRuntime(c.id());
        try {
            // dockerd reads the log options' values at start, and a bad one fails the start
            LogRotation logRotation = LogRotation.of(c.hostConfig().logConfig());
            var rootfs = snapshotter.mount(c.id());
            var paths = files.write(c);
            var mounted = mounts.mount(c);
            c = mounted.container();
            RuntimeSpec spec = ContainerMounts.addTo(networking.prepare(c, paths,
                sharedNamespaces.join(c.hostConfig(), RuntimeSpecs.build(c, rootfs, paths))), mounted.mounts());
            var stdio = new StdioOptions(c.logPath(), c.config().openStdin(), c.config().tty(), logRotation.supervisorLimit())
                .withStdinOnce(c.config().stdinOnce())
                .withLogDisabled(!LogConfig.orDefault(c.hostConfig().logConfig()).readable());
            // the pid from create: a quick process may be gone by the time start returns
            int pid = runtime.create(c.id(), files.bundle(c.id()), spec, stdio).pid();
            networking.attach(c, pid, paths);
            sessions.processCreated(c);
            // taken before the process runs, so that its exit (however quick) cannot come before its start
            Instant startedAt = clock.instant();
            runtime.start(c.id());
            Container next = ContainerTransitions.started(c, pid, startedAt, byPolicy);
            save(next);
            monitor.watch(c.id(), pid);
            publish(next, "start", Map.of());
            return next;
        } catch (BerthException e) {
            int code = ContainerStartException.exitCodeOf(e);
            forgetRuntime(c.id());
            networking.release(c.id());
            unmount(c.id());
            mounts.unmount(c);
            Container failed = ContainerTransitions.startFailed(c, code < 0 ? 128 : code, e.getMessage(), clock.instant());
            save(failed);
            waiters.exited(c.id(), failed.state().exitCode());
            throw e;
        }
    }

    /** Removes the runtime's record of a finished (or, forced, live) container; quiet when there is none. */
    void forgetRuntime(String id) {
        try {
            runtime.delete(id, true);
        } catch (BerthException.NotFound e) {
            // never created, or already deleted
        } catch (BerthException e) {
            LOG.warn("cannot delete runtime state of {}: {}", id, e.getMessage());
        }
    }

    void unmount(String id) {
        if (rootfsUsers.inUse(id)) return; // a cp/export stream still reads it; its last user unmounts
        try {
            snapshotter.unmount(id);
        } catch (BerthException e) {
            LOG.warn("cannot unmount rootfs of {}: {}", id, e.getMessage());
        }
    }

    /**
     * Deletes everything of {@code c} (caller holds the lock; the container is Removing). Dead on
     * failure. {@code lastExit} is what {@code wait --condition=removed} reports.
     */
    void destroy(Container c, int lastExit) {
        destroy(c, lastExit, false);
    }

    /** As {@link #destroy(Container, int)}; {@code removeVolumes} also deletes its anonymous volumes ({@code rm -v}). */
    void destroy(Container c, int lastExit, boolean removeVolumes) {
        try {
            monitor.unwatch(c.id());
            forgetRuntime(c.id());
            networking.release(c.id());
            snapshotter.remove(c.id());
            store.delete(c.id());
            files.deleteDirs(c.id());
            mounts.remove(c, removeVolumes);
        } catch (BerthException e) {
            save(ContainerTransitions.dead(c));
            throw new BerthException.Internal("unable to remove container " + c.id() + ": " + e.getMessage(), e);
        }
        index.remove(c);
        publish(c, "destroy", Map.of());
        waiters.removed(c.id(), lastExit);
    }

    /** The chain ID of an image's top layer (what the snapshotter stacks on), null for no layers. */
    Digest topChain(Digest imageId) {
        List<Digest> diffIds = images.inspect(imageId.toString()).diffIds();
        Digest chain = null;
        for (Digest d : diffIds) chain = chain == null ? d : Digest.sha256(chain + " " + d);
        return chain;
    }
}
