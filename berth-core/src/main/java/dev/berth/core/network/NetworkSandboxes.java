package dev.berth.core.network;

import java.util.List;

/**
 * Puts an interface that a driver created on the host into a container's network namespace and
 * configures it there. Remote (plugin) drivers only create the interface ({@code SrcName} of
 * libnetwork's Join reply); as in libnetwork, the engine moves it, names it {@code DstPrefix + n},
 * and sets its address, MAC, default gateway and static routes.
 *
 * <p><b>Threading.</b> Thread-safe. <b>Errors.</b> {@code Internal} with the command's stderr; on
 * failure the interface may be left in the namespace, where it dies with the namespace.
 */
public interface NetworkSandboxes {

    /**
     * What to configure inside the sandbox.
     *
     * @param hostName   the interface the driver created on the host
     * @param ifName     its name inside the namespace
     * @param macAddress null leaves the driver's MAC
     * @param gateway    the default route's next hop, null for none
     */
    record Placement(String sandboxKey, String hostName, String ifName, Ipv4Cidr address, String macAddress,
                     String gateway, List<NetworkDriver.StaticRoute> staticRoutes) {
        public Placement {
            staticRoutes = staticRoutes == null ? List.of() : List.copyOf(staticRoutes);
        }
    }

    void place(Placement placement);

    /** For engines without host networking (tests of the service alone). */
    NetworkSandboxes NONE = p -> {
        throw new dev.berth.common.error.BerthException.NotImplemented("this engine cannot configure network namespaces");
    };
}
