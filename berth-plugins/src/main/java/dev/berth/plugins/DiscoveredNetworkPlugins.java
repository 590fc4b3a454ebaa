package dev.berth.plugins;

import dev.berth.common.error.BerthException;
import dev.berth.core.network.IpamDriver;
import dev.berth.core.network.NetworkDriver;
import dev.berth.core.network.NetworkPlugins;
import dev.berth.plugins.protocol.IpamMessages;
import dev.berth.plugins.protocol.NetworkDriverMessages;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

/**
 * Network and IPAM plugins found by {@link PluginDiscovery} when a network first names them,
 * activated then (with dockerd's retry window) and remembered. Nothing is contacted at
 * construction, and the network service does not look plugins up when it restores networks.
 */
public final class DiscoveredNetworkPlugins implements NetworkPlugins {
    private final PluginDiscovery discovery;
    private final PluginTimeouts timeouts;
    private final Map<String, RemoteNetworkDriver> networkDrivers = new ConcurrentHashMap<>();
    private final Map<String, RemoteIpamDriver> ipamDrivers = new ConcurrentHashMap<>();

    public DiscoveredNetworkPlugins(PluginDiscovery discovery, PluginTimeouts timeouts) {
        this.discovery = discovery;
        this.timeouts = timeouts;
    }

    @Override
    public NetworkDriver networkDriver(String name) {
        return lookup(name, NetworkDriverMessages.SUBSYSTEM, networkDrivers, RemoteNetworkDriver::new);
    }

    @Override
    public IpamDriver ipamDriver(String name) {
        return lookup(name, IpamMessages.SUBSYSTEM, ipamDrivers, RemoteIpamDriver::new);
    }

    private <T> T lookup(String name, String subsystem, Map<String, T> active, Function<PluginClient, T> adapter) {
        T known = active.get(name);
        if (known != null) return known;
        PluginSpec spec = discovery.find(name).orElseThrow(() -> notFound(name));
        PluginClient client = new PluginClient(spec, timeouts);
        List<String> implemented = client.activate(true);
        if (!implemented.contains(subsystem)) {
            throw new BerthException.NotFound("plugin \"" + name + "\" not found: it does not implement " + subsystem
                + " (it implements " + implemented + ")");
        }
        T created = adapter.apply(client);
        T raced = active.putIfAbsent(name, created);
        return raced != null ? raced : created;
    }

    /** dockerd's wording for an unknown network or IPAM driver. */
    private static BerthException notFound(String name) {
        return new BerthException.NotFound("plugin \"" + name + "\" not found");
    }
}
