package dev.berth.core.network;

import dev.berth.common.error.BerthException;

/**
 * Network and IPAM drivers served by plugins, found by name when a network first needs them
 * ({@code docker network create -d NAME --ipam-driver NAME}). Lookup only checks that the plugin
 * exists; nothing is contacted until the driver's first call, so a plugin that is down cannot
 * stop the daemon from starting and restoring its networks.
 *
 * <p><b>Threading.</b> Thread-safe. <b>Errors.</b> {@code NotFound} ({@code plugin "x" not found})
 * when no plugin of that name exists or it does not implement the subsystem; the drivers' own calls
 * fail as the plugin client says ({@code Unavailable} when it cannot be reached).
 */
public interface NetworkPlugins {

    NetworkDriver networkDriver(String name);

    IpamDriver ipamDriver(String name);

    /** No plugins at all. */
    NetworkPlugins NONE = new NetworkPlugins() {
        @Override public NetworkDriver networkDriver(String name) {
            throw new BerthException.NotFound("plugin \"" + name + "\" not found");
        }

        @Override public IpamDriver ipamDriver(String name) {
            throw new BerthException.NotFound("plugin \"" + name + "\" not found");
        }
    };
}
