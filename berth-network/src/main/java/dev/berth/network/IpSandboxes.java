package dev.berth.network;

import dev.berth.core.network.NetworkDriver;
import dev.berth.core.network.NetworkSandboxes;
import java.util.ArrayList;
import java.util.List;

/**
 * Places a plugin-created interface into a container's namespace with iproute2: one {@code ip link
 * set netns} on the host, then one {@code ip -batch} inside for name, MAC, address, link state,
 * default route and static routes (libnetwork's sandbox steps for a remote driver's Join reply).
 */
public final class IpSandboxes implements NetworkSandboxes {
    private final IpRoute2 ip;

    public IpSandboxes(IpRoute2 ip) {
        this.ip = ip;
    }

    @Override
    public void place(Placement p) {
        ip.moveToNetns(p.hostName(), p.sandboxKey());
        ip.batchInNetns(p.sandboxKey(), commands(p));
    }

    static List<String> commands(Placement p) {
        List<String> commands = new ArrayList<>();
        commands.add("link set dev " + p.hostName() + " name " + p.ifName());
        commands.add("link set dev lo up");
        if (p.macAddress() != null && !p.macAddress().isEmpty()) commands.add("link set dev " + p.ifName() + " address " + p.macAddress());
        if (p.address() != null) commands.add("addr add " + p.address() + " dev " + p.ifName());
        commands.add("link set dev " + p.ifName() + " up");
        for (NetworkDriver.StaticRoute r : p.staticRoutes()) {
            commands.add(r.nextHop() == null || r.nextHop().isEmpty()
                ? "route replace " + r.destination() + " dev " + p.ifName()
                : "route replace " + r.destination() + " via " + r.nextHop() + " dev " + p.ifName());
        }
        if (p.gateway() != null && !p.gateway().isEmpty()) {
            commands.add("route replace default via " + p.gateway() + " dev " + p.ifName());
        }
        return commands;
    }
}
