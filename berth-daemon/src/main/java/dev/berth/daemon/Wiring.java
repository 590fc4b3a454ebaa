package dev.berth.daemon;

import dev.berth.common.process.HostCommandRunner;
import dev.berth.core.container.ContainerService;
import dev.berth.core.container.ContainerTop;
import dev.berth.core.container.LocalContainerService;
import dev.berth.core.container.Snapshotter;
import dev.berth.core.event.EventBus;
import dev.berth.core.container.LocalStatsService;
import dev.berth.runtime.CgroupLayout;
import dev.berth.runtime.CgroupMetrics;
import dev.berth.runtime.ConmonAttach;
import dev.berth.runtime.ConmonStdioSessions;
import dev.berth.runtime.K8sFileLogReader;
import dev.berth.runtime.OciSpecWriter;
import dev.berth.runtime.RuncRuntime;
import dev.berth.storage.Snapshotters;
import dev.berth.storage.TarRootfsArchiver;
import dev.berth.storage.container.JsonContainerStore;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicReference;
import dev.berth.common.process.HostCommandRunner;
import dev.berth.core.image.ImageService;
import dev.berth.core.network.DefaultBridge;
import dev.berth.core.network.LocalNetworkService;
import dev.berth.daemon.config.NetworkConfig;
import dev.berth.network.AddressPool;
import dev.berth.network.BridgeDriver;
import dev.berth.network.DefaultIpam;
import dev.berth.network.IpRoute2;
import dev.berth.network.Iptables;
import dev.berth.network.JsonNetworkStore;
import dev.berth.network.PortPublisher;
import dev.berth.network.IpSandboxes;
import dev.berth.network.dns.EmbeddedDns;
import dev.berth.plugins.DiscoveredNetworkPlugins;
import dev.berth.core.volume.VolumeService;
import dev.berth.common.process.HostCommandRunner;
import dev.berth.plugins.DiscoveredVolumeDrivers;
import dev.berth.plugins.PluginDiscovery;
import dev.berth.plugins.PluginTimeouts;
import dev.berth.storage.volume.JsonVolumeStore;
import dev.berth.storage.volume.LocalVolumeDriver;
import dev.berth.image.ImageUsers;
import dev.berth.image.LocalImageService;
import dev.berth.image.build.ClassicBuilder;
import dev.berth.image.registry.RegistryClient;
import dev.berth.image.registry.RegistrySettings;
import dev.berth.daemon.config.DaemonConfig;
import dev.berth.daemon.system.BuildInfo;
import dev.berth.daemon.system.DaemonSystemService;
import dev.berth.daemon.system.EngineId;
import dev.berth.daemon.system.HostFacts;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;

/**
 * The composition root: builds every engine service from the config, explicitly, in dependency
 * order. The only place that names implementation classes. Called with the data-root lock held.
 */
public final class Wiring {
    private Wiring() {}

    public static DaemonComponents build(DaemonConfig config, List<String> warnings) {
        List<AutoCloseable> closeables = new ArrayList<>();
        EventBus events = new EventBus(Clock.systemUTC());
        var containerRef = new AtomicReference<ContainerService>();
        ImageUsers users = id -> {
            ContainerService cs = containerRef.get();
            return cs == null ? List.of()
                : cs.usersOf(id).stream().map(c -> new ImageUsers.User(c.id(), c.state().running())).toList();
        };
        LocalImageService images = imageService(config, events, users);
        CgroupLayout cgroups = CgroupLayout.detect();
        RuncRuntime runtime = runtime(config, cgroups);
        LocalContainerService containers = containerService(config, events, images, runtime);
        var system = new DaemonSystemService(config, images, containers, EngineId.loadOrCreate(config.dataRoot()),
            HostFacts.system(), BuildInfo.load(), warnings, runtime.runtimeCommit(), runtime.initVersion());
        containerRef.set(containers);
        closeables.add(containers);
        VolumeService volumes = volumeService(config, events);
        containers.useVolumes(volumes, new TarRootfsArchiver());
        // networks first: restoring containers releases the endpoints of those that exited meanwhile
        LocalNetworkService networks = networkService(config, events);
        closeables.add(networks);
        networks.wire(containers.useNetworks(networks));
        containers.restore();
        var metrics = new CgroupMetrics(cgroups, runtime::cgroupsPath, Path.of("/proc"), Clock.systemUTC());
        var filesystem = containers.filesystem(new TarRootfsArchiver());
        return new DaemonComponents(events, images, system, containers, "runc", closeables, networks,
            volumes, filesystem, containers.execs(),
            new LocalStatsService(containers, metrics),
            new ClassicBuilder(images, containers, filesystem, config.dataRoot().resolve("tmp")));
    }

    /**
     * Containers: runc under conmon with its state under {@code <exec-root>/rt}, records and logs
     * under {@code <data-root>/containers}, OCI bundles under {@code <exec-root>/bundles}.
     */
    static LocalContainerService containerService(DaemonConfig config, EventBus events, LocalImageService images) {
        return containerService(config, events, images, runtime(config, CgroupLayout.detect()));
    }

    /** runc under conmon; a short state path: conmon's attach socket path must fit in sun_path (108 bytes). */
    static RuncRuntime runtime(DaemonConfig config, CgroupLayout cgroups) {
        return new RuncRuntime(RuncRuntime.Config.runc(runtimeState(config)), new HostCommandRunner(),
            OciSpecWriter.forHost(cgroups), cgroups);
    }

    private static Path runtimeState(DaemonConfig config) { return config.execRoot().resolve("rt"); }

    static LocalContainerService containerService(DaemonConfig config, EventBus events, LocalImageService images,
                                                  RuncRuntime runtime) {
        var commands = new HostCommandRunner();
        Path runtimeState = runtimeState(config);
        Snapshotter snapshotter = Snapshotters.forLayers(images.layers(), config.dataRoot(), commands);
        var logs = new K8sFileLogReader();
        var settings = new LocalContainerService.Settings(config.dataRoot().resolve("containers"),
            config.execRoot().resolve("bundles"), Path.of("/etc/resolv.conf"), config.logConfig());
        return new LocalContainerService(settings, runtime, snapshotter,
            new JsonContainerStore(config.dataRoot().resolve("containers")), images, events, Clock.systemUTC(), logs,
            new ConmonStdioSessions(new ConmonAttach(runtimeState)), new ContainerTop(commands));
    }

    /**
     * The network service: the bridge driver (with iptables unless {@code iptables=false}), the
     * default IPAM over {@code default-address-pools} avoiding the host's routes, networks stored
     * under {@code <data-root>/network}, network and IPAM plugins found as volume plugins are, and an
     * embedded DNS server per user-defined bridge network forwarding to the host's resolvers.
     * Restores stored networks before it returns.
     */
    static LocalNetworkService networkService(DaemonConfig config, EventBus events) {
        NetworkConfig n = config.network();
        var runner = new HostCommandRunner();
        var ip = new IpRoute2(runner);
        Iptables iptables = n.iptables() ? new Iptables(runner, n.iptablesChainPrefix()) : null;
        var bridge = new BridgeDriver(ip, iptables, new PortPublisher(iptables), new BridgeDriver.Settings(n.ipForward(), n.mtu()));
        var pools = n.defaultAddressPools().stream().map(p -> new AddressPool(p.base(), p.size())).toList();
        var defaultBridge = n.hasDefaultBridge() ? new DefaultBridge(n.bridge(), n.bip(), n.fixedCidr(), n.mtu(), n.icc()) : null;
        var plugins = new DiscoveredNetworkPlugins(PluginDiscovery.standard(config.pluginDirs()), PluginTimeouts.DOCKER);
        var service = new LocalNetworkService(List.of(bridge), new DefaultIpam(pools, ip::routes),
            new JsonNetworkStore(config.dataRoot().resolve("network")), events, Clock.systemUTC(), defaultBridge,
            plugins, new EmbeddedDns(EmbeddedDns.Settings.host()), new IpSandboxes(ip));
        try {
            service.start();
        } catch (RuntimeException e) {
            service.close();
            throw e;
        }
        return service;
    }

    /**
     * Volumes under {@code <data-root>/volumes} (dockerd's layout) with the local driver, and volume
     * plugins found in {@code config.pluginDirs()} and dockerd's plugin directories. Plugins are
     * contacted on first use only, so one that is down cannot hold up the start.
     */
    static VolumeService volumeService(DaemonConfig config, EventBus events) {
        var root = config.dataRoot().resolve("volumes");
        var local = new LocalVolumeDriver(root, new HostCommandRunner());
        var drivers = new DiscoveredVolumeDrivers(local, PluginDiscovery.standard(config.pluginDirs()), PluginTimeouts.DOCKER);
        return new VolumeService(drivers, new JsonVolumeStore(root), events, Clock.systemUTC());
    }

    /**
     * The image service over {@code <data-root>}. Its inputs: {@code config.dataRoot()},
     * {@code config.storageDriver()} (null = let the store pick: overlay2, else vfs),
     * {@code config.registryMirrors()}, {@code config.insecureRegistries()} (loopback is always insecure).
     */
    static LocalImageService imageService(DaemonConfig config, EventBus events, ImageUsers users) {
        var mirrors = config.registryMirrors().stream().map(java.net.URI::create).toList();
        var registry = new RegistryClient(new RegistrySettings(mirrors, config.insecureRegistries()));
        return new LocalImageService(config.dataRoot(), config.storageDriver(), events, Clock.systemUTC(),
            users, registry);
    }
}
