package dev.berth.plugins;

import dev.berth.common.error.BerthException;
import dev.berth.core.volume.VolumeDriver;
import dev.berth.core.volume.VolumeDrivers;
import dev.berth.plugins.protocol.PluginProtocol;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The built-in local driver plus volume plugins found by {@link PluginDiscovery}, activated on
 * first use (with dockerd's retry window) and remembered. Nothing is contacted at construction,
 * so a plugin that is down never delays the daemon's start.
 */
public final class DiscoveredVolumeDrivers implements VolumeDrivers {
    private final VolumeDriver local;
    private final PluginDiscovery discovery;
    private final PluginTimeouts timeouts;
    private final Map<String, RemoteVolumeDriver> active = new ConcurrentHashMap<>();

    public DiscoveredVolumeDrivers(VolumeDriver local, PluginDiscovery discovery, PluginTimeouts timeouts) {
        this.local = local;
        this.discovery = discovery;
        this.timeouts = timeouts;
    }

    @Override
    public VolumeDriver get(String name) {
        if (name.equals(local.name())) return local;
        RemoteVolumeDriver known = active.get(name);
        return known != null ? known : activate(name, true);
    }

    @Override
    public List<VolumeDriver> available(List<String> warnings) {
        List<VolumeDriver> out = new ArrayList<>(List.of(local));
        for (String name : discovery.names()) {
            if (name.equals(local.name())) continue;
            try {
                RemoteVolumeDriver known = active.get(name);
                out.add(known != null ? known : activate(name, false));
            } catch (BerthException.NotFound e) {
                // a plugin of another kind (a network or authz plugin): not a volume driver
            } catch (BerthException e) {
                warnings.add(e.getMessage());
            }
        }
        return out;
    }

    private RemoteVolumeDriver activate(String name, boolean retry) {
        PluginSpec spec = discovery.find(name).orElseThrow(() -> notFound(name));
        PluginClient client = new PluginClient(spec, timeouts);
        List<String> implemented = client.activate(retry);
        if (!implemented.contains(PluginProtocol.VOLUME_DRIVER)) {
            throw new BerthException.NotFound("error looking up volume plugin " + name + ": plugin \"" + name
                + "\" does not implement " + PluginProtocol.VOLUME_DRIVER + " (it implements " + implemented + ")");
        }
        RemoteVolumeDriver driver = new RemoteVolumeDriver(client);
        RemoteVolumeDriver raced = active.putIfAbsent(name, driver);
        return raced != null ? raced : driver;
    }

    private static BerthException notFound(String name) {
        return new BerthException.NotFound("error looking up volume plugin " + name + ": plugin \"" + name + "\" not found");
    }
}
