package dev.berth.core.container;

import dev.berth.core.network.NetworkService.Attachment;
import dev.berth.core.network.PortBinding;
import java.util.List;

/**
 * A container's networking as inspect and {@code ps} show it.
 *
 * @param networks   one entry per network in order; a network the container is not attached to
 *                   right now (it does not run) has only its id and name
 * @param ports      the published ports (empty unless it runs)
 * @param sandboxKey the network namespace the container's endpoints live in (empty when none)
 */
public record ContainerNetworkStatus(List<Attachment> networks, List<PortBinding> ports, String sandboxKey) {
    public static final ContainerNetworkStatus NONE = new ContainerNetworkStatus(List.of(), List.of(), "");

    public ContainerNetworkStatus {
        networks = List.copyOf(networks);
        ports = List.copyOf(ports);
        sandboxKey = sandboxKey == null ? "" : sandboxKey;
    }
}
