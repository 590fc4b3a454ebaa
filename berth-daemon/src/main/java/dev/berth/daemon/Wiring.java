package dev.berth.daemon;

import dev.berth.core.event.EventBus;
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
import dev.berth.image.ImageUsers;
import dev.berth.image.LocalImageService;
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
        ImageService images = imageService(config, events);
        if (images instanceof AutoCloseable c) closeables.add(c);
        var system = new DaemonSystemService(config, images, EngineId.loadOrCreate(config.dataRoot()),
            HostFacts.system(), BuildInfo.load(), warnings);
        LocalNetworkService networks = networkService(config, events);
        closeables.add(networks);
        return new DaemonComponents(events, images, system, closeables, networks);
    }

    /**
     * The network service: the bridge driver (with iptables unless {@code iptables=false}), the
     * default IPAM over {@code default-address-pools} avoiding the host's routes, networks stored
     * under {@code <data-root>/network}. Restores stored networks before it returns.
     */
    static LocalNetworkService networkService(DaemonConfig config, EventBus events) {
        NetworkConfig n = config.network();
        var runner = new HostCommandRunner();
        var ip = new IpRoute2(runner);
        Iptables iptables = n.iptables() ? new Iptables(runner, n.iptablesChainPrefix()) : null;
        var bridge = new BridgeDriver(ip, iptables, new PortPublisher(iptables), new BridgeDriver.Settings(n.ipForward(), n.mtu()));
        var pools = n.defaultAddressPools().stream().map(p -> new AddressPool(p.base(), p.size())).toList();
        var defaultBridge = n.hasDefaultBridge() ? new DefaultBridge(n.bridge(), n.bip(), n.fixedCidr(), n.mtu(), n.icc()) : null;
        var service = new LocalNetworkService(List.of(bridge), new DefaultIpam(pools, ip::routes),
            new JsonNetworkStore(config.dataRoot().resolve("network")), events, Clock.systemUTC(), defaultBridge);
        try {
            service.start();
        } catch (RuntimeException e) {
            service.close();
            throw e;
        }
        return service;
    }

    /**
     * The image service over {@code <data-root>}. Its inputs: {@code config.dataRoot()},
     * {@code config.storageDriver()} (null = let the store pick: overlay2, else vfs),
     * {@code config.registryMirrors()}, {@code config.insecureRegistries()} (loopback is always insecure).
     */
    static ImageService imageService(DaemonConfig config, EventBus events) {
        var mirrors = config.registryMirrors().stream().map(java.net.URI::create).toList();
        var registry = new RegistryClient(new RegistrySettings(mirrors, config.insecureRegistries()));
        return new LocalImageService(config.dataRoot(), config.storageDriver(), events, Clock.systemUTC(),
            ImageUsers.NONE, registry);
    }
}
