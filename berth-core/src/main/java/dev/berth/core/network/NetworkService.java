package dev.berth.core.network;

import dev.berth.core.filter.Filters;
import java.util.List;
import java.util.Map;

/**
 * Networks: the use cases behind {@code /networks/…} and what the container service calls to give
 * a container its interfaces and published ports. Thread-safe.
 */
public interface NetworkService {

    /** {@code POST /networks/create}; options, labels and IPAM are kept exactly as given. */
    record CreateRequest(String name, String driver, boolean internal, boolean attachable, boolean ingress,
                         boolean enableIpv6, IpamConfig ipam, Map<String, String> options, Map<String, String> labels,
                         boolean checkDuplicate) {}

    /** The created network and dockerd's warning text (empty when none). */
    record Created(Network network, String warning) {}

    Created create(CreateRequest request);

    /** Filters: driver, id, label, name, scope, type (custom|builtin), dangling. */
    List<Network> list(Filters filters);

    /** By full id, unique id prefix or name; NotFound ("network x not found") otherwise. */
    Network inspect(String idOrName);

    void remove(String idOrName);

    /** Removes unused user networks; filters label, label!, until. Returns the removed networks' names. */
    List<String> prune(Filters filters);

    /** What a container asks of one network ({@code --network x --network-alias a --ip … --mac-address …}). */
    record NetworkSettingsRequest(String network, List<String> aliases, String ipv4Address, String macAddress) {
        public NetworkSettingsRequest {
            aliases = aliases == null ? List.of() : List.copyOf(aliases);
        }
    }

    /**
     * What a container got on one network; for {@code host}/{@code none} only {@code networkId} and
     * {@code networkName} are set.
     *
     * @param address   the container's address with the network's prefix
     * @param gateway   the network's gateway; shown for internal networks too, as dockerd 20.10 shows it
     * @param ifName    the interface's name in the container's network namespace
     * @param wayOut    the network leads outside (not internal) and its driver gave a gateway: the
     *                  first such attachment is where the container's ports are published
     */
    record Attachment(String networkId, String networkName, String endpointId, Ipv4Cidr address, String gateway,
                      String macAddress, String ifName, List<String> aliases, boolean wayOut) {}

    /**
     * Attaches a container to a network: creates its endpoint, moves the interface into
     * {@code netnsPath}, sets addresses and — for the first network — the default route. The
     * container service calls it once per network, in order, after the runtime created the netns.
     *
     * @param dnsServers the container's {@code --dns}: where the network's embedded DNS forwards
     *                   this container's queries for names it does not know (empty: the host's resolvers)
     */
    Attachment attach(String containerId, String containerName, String netnsPath, NetworkSettingsRequest request,
                      List<String> dnsServers);

    /** Detaches a container from one network (idempotent: an unknown attachment is ignored). */
    void detach(String containerId, String network);

    /** Detaches a container from every network it is on (at stop/remove). */
    void detachAll(String containerId);

    /** The container's attachments (for container inspect's NetworkSettings.Networks). */
    List<Attachment> attachments(String containerId);

    /**
     * Publishes ports to {@code containerIp} (one of the container's addresses on a bridge
     * network). Returns the bindings as published: ephemeral and range ports resolved. All or
     * nothing: on error nothing stays configured.
     */
    List<PortBinding> publish(String containerId, String containerIp, List<PortBinding> bindings);

    /** Removes every port the container published. Idempotent. */
    void unpublish(String containerId);

    /** The ports the container published, as published (ephemeral ports resolved); empty when none. */
    List<PortBinding> published(String containerId);

    /**
     * {@code POST /networks/{id}/connect}: needs the container service to find the container.
     * Until it is wired this throws NotImplemented.
     */
    void connect(String network, String container, NetworkSettingsRequest settings);

    void disconnect(String network, String container, boolean force);

    /**
     * The nameserver a container on {@code network} (id or name) should use: the address of the
     * network's embedded DNS server (its gateway, for user-defined bridge networks), or null when
     * the network has none and the container keeps the host's resolvers.
     */
    default String dnsServerFor(String network) { return null; }
}
