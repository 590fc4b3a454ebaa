package dev.berth.core.container;

import dev.berth.common.error.BerthException;
import dev.berth.core.event.EventBus;
import dev.berth.core.filter.Filters;
import dev.berth.core.image.Digest;
import dev.berth.core.image.Image;
import dev.berth.core.image.ImageService;
import dev.berth.core.runtime.OciRuntime;
import dev.berth.core.runtime.Resources;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * {@link ContainerService} over the core SPIs only: an {@link OciRuntime} runs the processes, a
 * {@link Snapshotter} provides root filesystems, a {@link ContainerStore} persists records, the
 * {@link ImageService} resolves images, and a {@link StdioSessions} strategy serves attach.
 * Lifecycle: construct, {@link #restore()} once, {@link #close()} at shutdown (containers keep running).
 */
public final class LocalContainerService implements ContainerService, AutoCloseable {
    private static final Duration DEFAULT_STOP_TIMEOUT = Duration.ofSeconds(10);

    /**
     * @param containersDir  {@code <data-root>/containers}: records, logs, hostname/hosts/resolv.conf
     * @param bundlesDir     under the exec root: OCI bundles
     * @param hostResolvConf copied into containers (/etc/resolv.conf)
     * @param defaultLogConfig the daemon's {@code log-driver}/{@code log-opts}, for containers that name no driver
     */
    public record Settings(Path containersDir, Path bundlesDir, Path hostResolvConf, LogConfig defaultLogConfig) {
        public Settings(Path containersDir, Path bundlesDir, Path hostResolvConf) {
            this(containersDir, bundlesDir, hostResolvConf, LogConfig.DEFAULT);
        }
    }

    private final ContainerContext ctx;
    private final ContainerExits exits;
    private final ContainerLogs logs;
    private final StdioSessions sessions;
    private final ContainerTop top;
    private final LocalExecService execs;
    private final HealthMonitor health;
    private final LogRotator logRotator;
    private final LogConfig defaultLogConfig;

    public LocalContainerService(Settings settings, OciRuntime runtime, Snapshotter snapshotter, ContainerStore store,
                                 ImageService images, EventBus events, Clock clock, ContainerLogReader logReader,
                                 StdioSessions sessions, ContainerTop top) {
        this.ctx = new ContainerContext(runtime, snapshotter, store, images, events, clock,
            new ContainerFiles(settings.containersDir(), settings.bundlesDir(), settings.hostResolvConf()), sessions);
        this.ctx.networking = new ContainerNetworks(ctx, settings.hostResolvConf());
        this.exits = new ContainerExits(ctx);
        this.ctx.monitor = new ExitMonitor(ExitMonitor::procAlive, exits::processGone, runtime);
        this.execs = new LocalExecService(ctx);
        this.health = new HealthMonitor(ctx, execs);
        this.logs = new ContainerLogs(logReader);
        this.defaultLogConfig = settings.defaultLogConfig();
        this.logRotator = new LogRotator(ctx.index::all, runtime::reopenLog);
        this.sessions = sessions;
        this.top = top;
    }

    @Override
    public CreateResult create(CreateRequest request) {
        Image image = ctx.images.inspect(request.config().image());
        ContainerConfig config = ContainerDefaults.merge(request.config(), image.config());
        List<String> argv = ContainerDefaults.argv(config);
        HostConfig host = request.hostConfig() == null ? HostConfig.DEFAULT : request.hostConfig();
        host = host.withLogConfig(LogDrivers.resolve(host.logConfig(), defaultLogConfig));
        RuntimeSpecs.namespaces(host); // rejects unsupported modes before anything is created
        ctx.sharedNamespaces.check(host);
        List<String> warnings = ctx.runtime.resourceWarnings(host.resources()); // also rejects invalid limits
        host = host.withResources(ResourceUpdates.withDefaultSwap(host.resources()));
        host = ctx.networking.resolve(host, config);
        checkCreateOptions(config, host);
        for (var d : host.devices()) {
            if (!java.nio.file.Files.exists(java.nio.file.Path.of(d.hostPath()))) {
                throw new BerthException.InvalidArgument("error gathering device information while adding custom device \""
                    + d.hostPath() + "\": no such file or directory");
            }
        }
        String id = ContainerNames.newId();
        String name = reserveName(request.name(), id);
        Container c = new Container(id, name, ctx.clock.instant(), argv.getFirst(), argv.subList(1, argv.size()), config,
            host, image.id(), ContainerState.CREATED, null, null, 0, false, ctx.files.logPath(id));
        Container created = null;
        try {
            long size = host.mountConfig().storageSizeBytes();
            ctx.snapshotter.prepare(id, ctx.topChain(image.id()), size > 0 ? size : null);
            created = ctx.mounts.create(c, ctx.index::resolve, ctx.snapshotter);
            ctx.save(created);
        } catch (RuntimeException e) {
            if (created != null) ctx.mounts.remove(created, true);
            ctx.index.releaseName(name, id);
            ctx.index.remove(c);
            try {
                ctx.snapshotter.remove(id);
            } catch (RuntimeException ignored) {
                // nothing was prepared
            }
            throw e;
        }
        ctx.publish(c, "create", Map.of());
        return new CreateResult(id, warnings);
    }

    /** What dockerd rejects at create (400) that would otherwise fail only at start, or never. */
    private static void checkCreateOptions(ContainerConfig config, HostConfig host) {
        String stop = config.stopSignal();
        // dockerd takes any positive number here; a name must be a signal's
        if (stop != null && !stop.isEmpty() && !stop.matches("[1-9][0-9]*")) Signals.parse(stop, 15);
        for (String path : host.tmpfs().keySet()) {
            if (!path.startsWith("/")) throw new BerthException.InvalidArgument("invalid mount path: '" + path + "' mount path must be absolute");
        }
    }

    private String reserveName(String requested, String id) {
        if (requested != null && !requested.isEmpty()) {
            String name = ContainerNames.normalise(requested);
            ctx.index.reserveName(name, id);
            return name;
        }
        for (int attempt = 0; ; attempt++) {
            String name = ContainerNames.generate(attempt);
            if (ctx.index.nameTaken(name)) continue;
            try {
                ctx.index.reserveName(name, id);
                return name;
            } catch (BerthException.Conflict raced) {
                // taken between the check and the reservation: draw again
            }
        }
    }

    @Override
    public void start(String idOrName) {
        Container c = ctx.index.resolve(idOrName);
        Container[] result = new Container[1];
        try {
            ctx.update(c.id(), cur -> result[0] = ctx.startProcess(cur, false));
        } catch (BerthException e) {
            Container failed = ctx.index.get(c.id());
            if (failed != null && failed.hostConfig().autoRemove() && failed.state() instanceof ContainerState.Exited) {
                exits.followUp(failed);
            }
            throw e;
        }
    }

    @Override
    public void stop(String idOrName, Duration timeout) {
        Container c = ctx.index.resolve(idOrName);
        if (c.state() instanceof ContainerState.Restarting) {
            ctx.update(c.id(), cur -> ContainerTransitions.settle(ContainerTransitions.stoppedByUser(cur)));
            return;
        }
        if (!c.state().running()) throw new BerthException.NotModified("Container " + c.id() + " is already stopped");
        if (timeout == null) {
            Integer t = c.config().stopTimeout();
            timeout = t == null ? DEFAULT_STOP_TIMEOUT : Duration.ofSeconds(t);
        }
        int signal = Signals.parse(c.config().stopSignal(), Signals.SIGTERM);
        CompletableFuture<WaitResult> exited = ctx.waiters.add(c.id(), WaitCondition.NEXT_EXIT);
        try {
            signal(c.id(), signal, true);
            if (!await(exited, timeout)) {
                signal(c.id(), Signals.SIGKILL, true);
                if (!await(exited, Duration.ofSeconds(30))) {
                    throw new BerthException.Internal("container " + c.id() + " did not exit after SIGKILL");
                }
            }
        } finally {
            exited.cancel(false);
        }
        Container after = ctx.index.get(c.id());
        if (after != null) ctx.publish(after, "stop", Map.of());
    }

    /** Sends a signal under the lock; a paused container is resumed so it can act on it. */
    private void signal(String id, int signal, boolean byUser) {
        ctx.update(id, cur -> {
            if (!(cur.state() instanceof ContainerState.Running || cur.state() instanceof ContainerState.Paused)) {
                throw new BerthException.Conflict("Cannot kill container: " + cur.bareName() + ": Container " + id + " is not running");
            }
            Container next = byUser ? ContainerTransitions.stoppedByUser(cur) : cur;
            ctx.runtime.kill(id, signal);
            if (cur.state() instanceof ContainerState.Paused && (signal == Signals.SIGKILL || signal == Signals.SIGTERM)) {
                ctx.runtime.resume(id);
                next = ContainerTransitions.unpaused(next);
            }
            ctx.publish(next, "kill", Map.of("signal", Integer.toString(signal)));
            return next.equals(cur) ? cur : next;
        });
    }

    private static boolean await(CompletableFuture<WaitResult> f, Duration timeout) {
        try {
            if (timeout.isNegative()) f.get();
            else f.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            return true;
        } catch (TimeoutException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new BerthException.Internal("interrupted while stopping", e);
        } catch (java.util.concurrent.ExecutionException | java.util.concurrent.CancellationException e) {
            return true;
        }
    }

    @Override
    public void restart(String idOrName, Duration timeout) {
        Container c = ctx.index.resolve(idOrName);
        try {
            stop(c.id(), timeout);
        } catch (BerthException.NotModified alreadyStopped) {
            // restart of a stopped container just starts it
        }
        start(c.id());
        ctx.publish(ctx.index.get(c.id()), "restart", Map.of());
    }

    @Override
    public void kill(String idOrName, String signalName) {
        Container c = ctx.index.resolve(idOrName);
        int signal = Signals.parse(signalName, Signals.SIGKILL);
        int stopSignal = Signals.parse(c.config().stopSignal(), Signals.SIGTERM);
        signal(c.id(), signal, signal == Signals.SIGKILL || signal == stopSignal);
    }

    @Override
    public void pause(String idOrName) {
        Container c = ctx.index.resolve(idOrName);
        Container after = ctx.update(c.id(), cur -> {
            Container next = ContainerTransitions.paused(cur);
            ctx.runtime.pause(cur.id());
            return next;
        });
        ctx.publish(after, "pause", Map.of());
    }

    @Override
    public void unpause(String idOrName) {
        Container c = ctx.index.resolve(idOrName);
        Container after = ctx.update(c.id(), cur -> {
            Container next = ContainerTransitions.unpaused(cur);
            ctx.runtime.resume(cur.id());
            return next;
        });
        ctx.publish(after, "unpause", Map.of());
    }

    @Override
    public void remove(String idOrName, boolean force) {
        remove(idOrName, force, false);
    }

    @Override
    public void remove(String idOrName, boolean force, boolean removeVolumes) {
        Container c = ctx.index.resolve(idOrName);
        ctx.update(c.id(), cur -> {
            int last = cur.state().exitCode();
            boolean live = cur.state() instanceof ContainerState.Running || cur.state() instanceof ContainerState.Paused;
            Container removing = ContainerTransitions.removing(cur, force);
            ctx.save(removing);
            if (live) {
                ctx.publish(cur, "kill", Map.of("signal", "9"));
                ctx.forgetRuntime(cur.id());
                last = 137;
                ctx.publish(cur, "die", Map.of("exitCode", "137"));
                ctx.waiters.exited(cur.id(), last);
            }
            ctx.destroy(removing, last, removeVolumes);
            return cur;
        });
    }

    @Override
    public void rename(String idOrName, String newName) {
        Container c = ctx.index.resolve(idOrName);
        if (newName == null || newName.isEmpty()) throw new BerthException.InvalidArgument("Neither old nor new names may be empty");
        String name = ContainerNames.normalise(newName);
        if (name.equals(c.name())) throw new BerthException.InvalidArgument("Renaming a container with the same name as its current name");
        ctx.index.reserveName(name, c.id());
        Container after;
        try {
            after = ctx.update(c.id(), cur -> cur.withName(name));
        } catch (RuntimeException e) {
            ctx.index.releaseName(name, c.id());
            throw e;
        }
        ctx.index.releaseName(c.name(), c.id());
        ctx.publish(after, "rename", Map.of("oldName", c.name()));
    }

    @Override
    public CompletableFuture<WaitResult> waitFor(String idOrName, WaitCondition condition) {
        Container c = ctx.index.resolve(idOrName);
        CompletableFuture<WaitResult> f = ctx.waiters.add(c.id(), condition);
        Container now = ctx.index.get(c.id());
        if (now == null && condition == WaitCondition.REMOVED) f.complete(new WaitResult(c.state().exitCode(), null));
        else if (now != null && condition == WaitCondition.NOT_RUNNING && !now.state().running()) {
            f.complete(new WaitResult(now.state().exitCode(), null));
        }
        return f;
    }

    @Override
    public Container inspect(String idOrName) { return ctx.index.resolve(idOrName); }

    @Override
    public List<Container> list(ListOptions options) {
        return ContainerFilters.select(List.copyOf(ctx.index.all()), options, ctx.index::resolve, this::imageIdOrNull,
            c -> ContainerFilters.healthWord(c.config().healthcheck(), health.health(c.id())));
    }

    private Digest imageIdOrNull(String name) {
        try {
            return ctx.images.inspect(name).id();
        } catch (BerthException.NotFound e) {
            return null;
        }
    }

    @Override
    public TopResult top(String idOrName, String psArgs) {
        Container c = ctx.index.resolve(idOrName);
        if (!(c.state() instanceof ContainerState.Running || c.state() instanceof ContainerState.Paused)) {
            throw new BerthException.Conflict("Container " + c.id() + " is not running");
        }
        return top.top(c.state().pid(), psArgs);
    }

    @Override
    public List<String> update(String idOrName, Resources resources, RestartPolicy restartPolicy) {
        Container c = ctx.index.resolve(idOrName);
        List<String> warnings = resources == null ? List.of() : ctx.runtime.resourceWarnings(resources);
        if (restartPolicy != null && restartPolicy.name() != RestartPolicy.Name.NO && c.hostConfig().autoRemove()) {
            throw new BerthException.InvalidArgument("Restart policy cannot be updated because AutoRemove is enabled for the container");
        }
        Container after = ctx.update(c.id(), cur -> {
            HostConfig h = cur.hostConfig();
            if (resources != null) {
                ResourceUpdates.checkSwap(cur.id(), h.resources(), resources);
                if (cur.state() instanceof ContainerState.Running || cur.state() instanceof ContainerState.Paused) {
                    ctx.runtime.update(cur.id(), resources);
                }
                h = h.withResources(ResourceUpdates.merge(h.resources(), resources));
            }
            if (restartPolicy != null) h = h.withRestartPolicy(restartPolicy);
            return cur.withHostConfig(h);
        });
        ctx.publish(after, "update", Map.of());
        return warnings;
    }

    @Override
    public PruneReport prune(Filters filters) {
        Instant until = filters.get("until").isEmpty() ? null : PruneUntil.parse(filters.get("until").getFirst(), ctx.clock.instant());
        List<String> deleted = new ArrayList<>();
        long reclaimed = 0;
        for (Container c : ctx.index.all()) {
            if (c.state().running() || c.state() instanceof ContainerState.Removing) continue;
            if (until != null && !c.created().isBefore(until)) continue;
            if (!filters.matchesLabels("label", c.config().labels())) continue;
            if (filters.get("label!").stream()
                    .anyMatch(l -> new Filters(Map.of("label", List.of(l))).matchesLabels("label", c.config().labels()))) continue;
            try {
                long size = sizeRwOrZero(c.id());
                remove(c.id(), false);
                deleted.add(c.id());
                reclaimed += size;
            } catch (BerthException e) {
                // changed state meanwhile: not prunable any more
            }
        }
        if (!deleted.isEmpty()) ctx.events.publish("container", "prune", "", Map.of("reclaimed", Long.toString(reclaimed)));
        return new PruneReport(deleted, reclaimed);
    }

    /** What removing the container frees (its writable layer), as dockerd's SpaceReclaimed counts it. */
    private long sizeRwOrZero(String id) {
        try {
            return ctx.snapshotter.sizeRw(id);
        } catch (BerthException e) {
            return 0;
        }
    }

    /** cp, export, diff, commit and sizes over these containers; {@code archiver} reads and writes their files. */
    public ContainerFilesystemService filesystem(RootfsArchiver archiver) {
        return new LocalContainerFilesystemService(ctx, this, archiver);
    }

    @Override
    public void logs(String idOrName, LogOptions options, LogSink sink) throws IOException {
        Container c = ctx.index.resolve(idOrName);
        LogConfig.requireReadable(c.hostConfig().logConfig());
        try (var follower = ctx.logFollowers.follow(c.id())) {
            logs.write(c.logPath(), options, sink, () -> {
                Container cur = ctx.index.get(c.id());
                return cur != null && cur.state().running();
            }, follower);
        }
    }

    @Override
    public void resize(String idOrName, int width, int height) {
        sessions.resize(ctx.index.resolve(idOrName), width, height);
    }

    @Override
    public StdioSession attach(String idOrName, AttachOptions options) {
        Container c = ctx.index.resolve(idOrName);
        Instant since = ctx.clock.instant();
        // attached during a run, the session ends with that run, even when its process was gone before
        // the session could connect (compose's run attaches right after start; a short command is over
        // by then); attached to a stopped container, it waits for the next run (as dockerd)
        boolean duringARun = c.state().running();
        return sessions.open(c, options, () -> {
            Container cur = ctx.index.get(c.id());
            if (cur == null) return true;
            boolean over = cur.state() instanceof ContainerState.Exited || cur.state() instanceof ContainerState.Dead
                || cur.state() instanceof ContainerState.Removing;
            return over && (duringARun || cur.finishedAt() != null && !cur.finishedAt().isBefore(since));
        });
    }

    @Override
    public void restore() {
        List<Container> stored = ctx.store.loadAll();
        for (Container c : stored) {
            ctx.index.put(c);
            ctx.index.reserveName(c.name(), c.id());
            ctx.mounts.restore(c);
            try {
                ctx.snapshotter.restore(c.id(), ctx.topChain(c.imageId()));
            } catch (BerthException e) {
                org.slf4j.LoggerFactory.getLogger(LocalContainerService.class)
                    .warn("container {}: cannot restore its root filesystem: {}", c.id(), e.getMessage());
            }
        }
        for (Container c : stored) exits.restore(c);
        ctx.networking.reconcile();
        for (Container c : List.copyOf(ctx.index.all())) health.resume(c);
    }

    /**
     * Containers use {@code volumes} for their volume mounts, and {@code archiver} to fill empty
     * volumes from the image. Call before {@link #restore()}; without it only binds and tmpfs work.
     */
    public void useVolumes(dev.berth.core.volume.VolumeService volumes, RootfsArchiver archiver) {
        ctx.mounts = new ContainerMounts(volumes, archiver, MountPropagation.host());
    }

    /**
     * Gives containers their networks (call before {@link #restore()}); returns what the network
     * service needs for {@code docker network connect/disconnect}.
     */
    public dev.berth.core.network.ContainerNetworking useNetworks(dev.berth.core.network.NetworkService networks) {
        ctx.networking.use(networks);
        return ctx.networking;
    }

    @Override
    public ContainerNetworkStatus networkStatus(String idOrName) {
        Container c = ctx.index.get(idOrName); // by id first: ps asks for containers that may be removed meanwhile
        if (c == null) c = ctx.index.resolve(idOrName);
        return ctx.networking.status(c);
    }

    @Override
    public Map<String, String> driverData(String idOrName) {
        Container c = ctx.index.resolve(idOrName);
        try {
            return ctx.snapshotter.driverData(c.id());
        } catch (BerthException.NotFound e) {
            return Map.of(); // removed while inspect ran
        }
    }

    /** {@code docker exec} on this service's containers. */
    public ExecService execs() { return execs; }

    @Override
    public ContainerHealth health(String idOrName) { return health.health(ctx.index.resolve(idOrName).id()); }

    @Override
    public List<String> execIds(String idOrName) { return execs.idsOf(ctx.index.resolve(idOrName).id()); }

    @Override
    public List<Container> usersOf(Digest imageId) {
        return ctx.index.all().stream().filter(c -> c.imageId().equals(imageId)).toList();
    }

    @Override
    public void close() {
        logRotator.close();
        health.close();
        execs.close();
        ctx.monitor.close();
    }
}
