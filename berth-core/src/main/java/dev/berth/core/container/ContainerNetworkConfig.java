package dev.berth.core.container;

import dev.berth.core.network.NetworkService.NetworkSettingsRequest;
import dev.berth.core.network.PortBinding;
import java.util.List;

/**
 * The networking part of a container's {@link HostConfig}, parsed at the API edge: the networks it
 * joins (in order, the first one gives the default route), published ports, DNS settings, extra
 * hosts and legacy links.
 *
 * @param networks     the networks by name with the container's aliases/IP/MAC on each; empty for
 *                     {@code host}, {@code none} and {@code container:<id>}. Filled in at create from
 *                     the network mode and {@code NetworkingConfig}; {@code docker network connect}
 *                     on a container that is not running adds to it.
 * @param portBindings {@code -p}: one entry per container port and host binding
 * @param publishAll   {@code -P}: every exposed port not bound explicitly gets an ephemeral host port
 * @param extraHosts   {@code --add-host}; an address of {@link ExtraHost#HOST_GATEWAY} means the default bridge's gateway
 * @param links        {@code --link name:alias}, name as given (resolved at create)
 */
public record ContainerNetworkConfig(
        List<NetworkSettingsRequest> networks,
        List<PortBinding> portBindings,
        boolean publishAll,
        List<String> dns,
        List<String> dnsSearch,
        List<String> dnsOptions,
        List<ExtraHost> extraHosts,
        List<Link> links) {

    public static final ContainerNetworkConfig NONE =
        new ContainerNetworkConfig(null, null, false, null, null, null, null, null);

    public ContainerNetworkConfig {
        networks = networks == null ? List.of() : List.copyOf(networks);
        portBindings = portBindings == null ? List.of() : List.copyOf(portBindings);
        dns = dns == null ? List.of() : List.copyOf(dns);
        dnsSearch = dnsSearch == null ? List.of() : List.copyOf(dnsSearch);
        dnsOptions = dnsOptions == null ? List.of() : List.copyOf(dnsOptions);
        extraHosts = extraHosts == null ? List.of() : List.copyOf(extraHosts);
        links = links == null ? List.of() : List.copyOf(links);
    }

    public ContainerNetworkConfig withNetworks(List<NetworkSettingsRequest> n) {
        return new ContainerNetworkConfig(n, portBindings, publishAll, dns, dnsSearch, dnsOptions, extraHosts, links);
    }

    public ContainerNetworkConfig withLinks(List<Link> l) {
        return new ContainerNetworkConfig(networks, portBindings, publishAll, dns, dnsSearch, dnsOptions, extraHosts, l);
    }

    /** {@code --add-host name:address}. */
    public record ExtraHost(String name, String address) {
        /** dockerd's special address: the host as the containers see it (the default bridge's gateway). */
        public static final String HOST_GATEWAY = "host-gateway";
    }

    /** {@code --link name:alias}: {@code name} is the linked container's name without slash. */
    public record Link(String name, String alias) {}
}
