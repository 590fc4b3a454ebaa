package dev.berth.core.network;

import dev.berth.common.error.BerthException;
import dev.berth.core.event.EventBus;
import dev.berth.core.filter.Filters;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The networks of one engine: keeps them in a {@link NetworkStore}, drives the {@link NetworkDriver}s
 * and the {@link IpamDriver}. One lock serialises every change; driver calls are short host
 * commands, and a single order of changes keeps store, IPAM and host state consistent.
 * Container attachment lives in {@link Attachments} to keep this class about networks.
 */
public final class LocalNetworkService implements NetworkService, AutoCloseable {
    private static final org.slf4j.Logger log = org.slf4j.LoggerFactory.getLogger(LocalNetworkService.class);
    static final String NOT_FOUND = "network %s not found";

    private final Map<String, NetworkDriver> drivers;
    /** The built-in IPAM driver ({@code default}); plugins come from {@link #plugins}. */
    final IpamDriver ipam;
    private final NetworkPlugins plugins;
    private final NetworkDns dns;
    final NetworkSandboxes sandboxes;
    /** What the DNS servers read, rebuilt at every save so that queries never wait for the lock. */
    private final NameTables names = new NameTables();
    final NetworkStore store;
    final EventBus events;
    private final Clock clock;
    private final DefaultBridge defaultBridge;
    private final SecureRandom random = new SecureRandom();
    /** Live state by network id, in creation order. Guarded by {@code this}. */
    final Map<String, NetworkState> networks = new LinkedHashMap<>();
    private final Attachments attachments = new Attachments(this);
    private volatile ContainerNetworking containers = ContainerNetworking.NOT_WIRED;

    /** A network with its IPAM pool, the ports its endpoints published and its DNS server's address. */
    static final class NetworkState {
        Network network;
        IpamDriver.Pool pool;
        final Map<String, List<PortBinding>> published = new LinkedHashMap<>();
        /** Where the network's embedded DNS server listens; null when it has none. */
        String dnsServer;

        NetworkState(Network network, IpamDriver.Pool pool) {
            this.network = network;
            this.pool = pool;
        }
    }

    /** @param defaultBridge null when the daemon runs with {@code --bridge none} */
    public LocalNetworkService(List<NetworkDriver> drivers, IpamDriver ipam, NetworkStore store, EventBus events,
                               Clock clock, DefaultBridge defaultBridge) {
        this(drivers, ipam, store, events, clock, defaultBridge, NetworkPlugins.NONE, NetworkDns.NONE, NetworkSandboxes.NONE);
    }

    /**
     * @param plugins   network and IPAM drivers served by plugins, looked up by name on first use
     * @param dns       embedded DNS servers for user-defined bridge networks
     * @param sandboxes moves interfaces that plugins create into containers' namespaces
     */
    public LocalNetworkService(List<NetworkDriver> drivers, IpamDriver ipam, NetworkStore store, EventBus events,
                               Clock clock, DefaultBridge defaultBridge, NetworkPlugins plugins, NetworkDns dns,
                               NetworkSandboxes sandboxes) {
        this.plugins = plugins;
        this.dns = dns;
        this.sandboxes = sandboxes;
        Map<String, NetworkDriver> byName = new LinkedHashMap<>();
        for (NetworkDriver d : drivers) byName.put(d.name(), d);
        this.drivers = Map.copyOf(byName);
        this.ipam = ipam;
        this.store = store;
        this.events = events;
        this.clock = clock;
        this.defaultBridge = defaultBridge;
    }

    /** The container service registers itself here so that connect/disconnect can reach containers. */
    public void wire(ContainerNetworking containerNetworking) {
        this.containers = containerNetworking;
    }

    /**
     * Restores the stored networks (IPAM allocations, bridges, rules, published ports) and makes
     * sure the predefined ones exist. Called once at daemon start.
     */
    public synchronized void start() {
        Map<String, NetworkStore.Stored> byName = new LinkedHashMap<>();
        for (NetworkStore.Stored s : store.loadAll()) byName.put(s.network().name(), s);
        for (String marker : List.of(Network.HOST, Network.NONE)) {
            NetworkStore.Stored s = byName.remove(marker);
            Network n = s != null ? s.network() : markerNetwork(marker);
            networks.put(n.id(), new NetworkState(n, null));
            if (s == null) store.save(new NetworkStore.Stored(n, Map.of()));
        }
        NetworkStore.Stored oldDefault = byName.remove(Network.BRIDGE);
        if (defaultBridge != null) {
            restoreDefaultBridge(oldDefault);
        } else if (oldDefault != null) {
            store.delete(oldDefault.network().id());
        }
        for (NetworkStore.Stored s : byName.values()) restore(s);
    }

    private boolean isBuiltIn(String driverName) { return drivers.containsKey(driverName); }

    private static boolean isBuiltInIpam(String ipamDriver) { return ipamDriver.equals(IpamConfig.DEFAULT_DRIVER); }

    private Network markerNetwork(String name) {
        return new Network(newId(), name, name.equals(Network.HOST) ? Network.HOST : "null", "local", clock.instant(),
            new IpamConfig(IpamConfig.DEFAULT_DRIVER, List.of(), null), false, false, false, false,
            Map.of(), Map.of(), null, null, List.of());
    }

    /** The default bridge follows the config of this start; its id and endpoints survive a restart. */
    private void restoreDefaultBridge(NetworkStore.Stored old) {
        String id = old != null ? old.network().id() : newId();
        // without bip the subnet chosen the first time is kept, even if its route now shows on the host
        String subnet = defaultBridge.bip() != null ? defaultBridge.bip().network().toString()
            : old != null && old.network().subnet() != null ? old.network().subnet().toString() : null;
        var pool = ipam.requestPool(ipam.defaultAddressSpaces().local(), subnet,
            defaultBridge.fixedCidr() == null ? null : defaultBridge.fixedCidr().toString(), Map.of());
        String gatewayAddress = defaultBridge.bip() != null ? defaultBridge.bip().addressText()
            : old != null && old.network().gateway() != null ? old.network().gateway().addressText() : null;
        Ipv4Cidr gateway = ipam.requestAddress(pool.poolId(), gatewayAddress, gatewayRequest());
        IpamConfig ipamConfig = new IpamConfig(IpamConfig.DEFAULT_DRIVER,
            List.of(new IpamPool(pool.pool().toString(), null, gateway.addressText(), null)), null);
        Network n = new Network(id, Network.BRIDGE, "bridge", "local",
            old != null ? old.network().created() : clock.instant(), ipamConfig, false, false, false, false,
            Map.of(), defaultBridge.options(), pool.pool(), gateway, old != null ? old.network().endpoints() : List.of());
        NetworkState state = new NetworkState(n, pool);
        if (old != null) state.published.putAll(old.published());
        replayEndpointAddresses(state);
        bringUp(state);
    }

    /**
     * A stored network comes back. The built-in IPAM keeps nothing, so its pool, gateway, auxiliary
     * and endpoint addresses are requested again by value; an IPAM plugin keeps its own state and is
     * not called (its pool id was stored). Likewise a built-in driver rebuilds its bridge, while a
     * plugin driver is not called (libnetwork does not re-create remote networks either): a plugin
     * that is down cannot keep the daemon from starting.
     */
    private void restore(NetworkStore.Stored s) {
        Network n = s.network();
        boolean replay = isBuiltInIpam(n.ipam().driver());
        IpamDriver.Pool pool = replay ? replayPool(n)
            : new IpamDriver.Pool(s.ipamPoolId() != null ? s.ipamPoolId() : n.subnet().toString(), n.subnet());
        NetworkState state = new NetworkState(n, pool);
        state.published.putAll(s.published());
        if (replay) replayEndpointAddresses(state);
        if (isBuiltIn(n.driver())) {
            bringUp(state);
        } else {
            networks.put(n.id(), state);
            save(state);
        }
    }

    private IpamDriver.Pool replayPool(Network n) {
        IpamPool requested = n.ipam().config().isEmpty() ? null : n.ipam().config().getFirst();
        var pool = ipam.requestPool(ipam.defaultAddressSpaces().local(), n.subnet().toString(),
            requested == null ? null : requested.ipRange(), Map.of());
        ipam.requestAddress(pool.poolId(), n.gateway().addressText(), gatewayRequest());
        reserveAuxAddresses(pool, requested);
        return pool;
    }

    private void replayEndpointAddresses(NetworkState state) {
        for (Endpoint e : state.network.endpoints()) {
            if (e.address() != null) ipam.requestAddress(state.pool.poolId(), e.address().addressText(), Map.of());
        }
    }

    /** Re-creates host state for a restored network of a built-in driver: plumbing, published ports, DNS. */
    private void bringUp(NetworkState state) {
        Network n = state.network;
        NetworkDriver driver = driver(n.driver());
        driver.createNetwork(spec(n), true);
        for (var entry : state.published.entrySet()) {
            Endpoint e = n.endpoints().stream().filter(ep -> ep.id().equals(entry.getKey())).findFirst().orElse(null);
            if (e != null) driver.programExternalConnectivity(n.id(), e.id(), e.address(), entry.getValue());
        }
        networks.put(n.id(), state);
        startDns(state);
        save(state);
    }

    /**
     * User-defined bridge networks get an embedded DNS server on their gateway (the default bridge
     * has none, as in Docker: its containers use the host's resolvers and {@code --link}).
     */
    private void startDns(NetworkState state) {
        Network n = state.network;
        if (!n.driver().equals("bridge") || n.predefined() || n.gateway() == null) return;
        state.dnsServer = dns.start(n.id(), n.gateway(), names, !n.internal());
    }

    private void stopDns(NetworkState state) {
        if (state.dnsServer == null) return;
        state.dnsServer = null;
        try {
            dns.stop(state.network.id());
        } catch (RuntimeException e) {
            log.warn("cannot stop the DNS server of network {}: {}", state.network.name(), e.getMessage());
        }
    }

    static NetworkDriver.NetworkSpec spec(Network n) {
        return new NetworkDriver.NetworkSpec(n.id(), n.name(), n.subnet(), n.gateway(), n.internal(), n.options(), n.labels());
    }

    static Map<String, String> gatewayRequest() {
        return Map.of(IpamDriver.GATEWAY_OPTION, IpamDriver.GATEWAY_VALUE);
    }

    @Override
    public synchronized Created create(CreateRequest r) {
        String name = r.name();
        if (name == null || name.isEmpty()) throw new BerthException.InvalidArgument("network name must not be empty");
        if (!name.matches("[a-zA-Z0-9][a-zA-Z0-9_.-]*")) {
            throw new BerthException.InvalidArgument("invalid network name \"" + name + "\": only [a-zA-Z0-9][a-zA-Z0-9_.-] are allowed");
        }
        if (Network.PREDEFINED.contains(name)) {
            throw new BerthException.Forbidden("operation is not permitted on predefined " + name + " network ");
        }
        if (byName(name).isPresent()) throw new BerthException.Conflict("network with name " + name + " already exists");
        String driverName = r.driver() == null || r.driver().isEmpty() ? "bridge" : r.driver();
        if (driverName.equals(Network.HOST) || driverName.equals("null")) {
            throw new BerthException.Forbidden("only one instance of \"" + driverName + "\" network is allowed");
        }
        NetworkDriver driver = driver(driverName);
        IpamConfig requested = r.ipam() == null ? new IpamConfig(null, List.of(), null) : r.ipam();
        IpamDriver ipamDriver = ipamDriver(requested.driver());
        if (requested.config().size() > 1) {
            throw new BerthException.InvalidArgument(driverName + " driver doesn't support multiple subnets");
        }
        IpamPool asked = requested.config().isEmpty() ? null : requested.config().getFirst();
        Allocation a = allocate(ipamDriver, asked, requested.options());
        String id = newId();
        IpamConfig shown = asked != null ? requested
            : new IpamConfig(requested.driver(), List.of(new IpamPool(a.pool.pool().toString(), null, a.gateway.addressText(), null)),
                requested.options());
        Network n = new Network(id, name, driverName, scopeOf(driver), clock.instant(), shown, r.internal(), r.attachable(),
            r.ingress(), r.enableIpv6(), r.labels() == null ? Map.of() : r.labels(), r.options() == null ? Map.of() : r.options(),
            a.pool.pool(), a.gateway, List.of());
        try {
            driver.createNetwork(spec(n), false);
        } catch (RuntimeException e) {
            release(ipamDriver, a);
            throw e;
        }
        NetworkState state = new NetworkState(n, a.pool);
        networks.put(id, state);
        startDns(state);
        save(state);
        events.publish("network", "create", id, Map.of("name", name, "type", driverName));
        return new Created(n, "");
    }

    private record Allocation(IpamDriver.Pool pool, Ipv4Cidr gateway) {}

    /** A plugin's scope comes from its capabilities; one that cannot tell is local, as in dockerd. */
    private static String scopeOf(NetworkDriver driver) {
        String scope = driver.scope();
        return scope == null || scope.isEmpty() ? "local" : scope;
    }

    /** Gives a failed network's addresses back; a plugin that fails here must not hide the first error. */
    private static void release(IpamDriver ipamDriver, Allocation a) {
        try {
            ipamDriver.releaseAddress(a.pool.poolId(), a.gateway.addressText());
            ipamDriver.releasePool(a.pool.poolId());
        } catch (RuntimeException e) {
            log.warn("cannot release pool {}: {}", a.pool.poolId(), e.getMessage());
        }
    }

    /** Pool, gateway and auxiliary addresses; released again if any step fails. */
    private Allocation allocate(IpamDriver ipam, IpamPool asked, Map<String, String> ipamOptions) {
        String subnet = asked == null ? null : emptyToNull(asked.subnet());
        String ipRange = asked == null ? null : emptyToNull(asked.ipRange());
        String gateway = asked == null ? null : emptyToNull(asked.gateway());
        if (subnet == null && (ipRange != null || gateway != null)) {
            throw new BerthException.InvalidArgument("an IP range or gateway needs a subnet");
        }
        if (subnet != null) {
            Ipv4Cidr s = Ipv4Cidr.parse(subnet);
            if (ipRange != null && !s.contains(Ipv4Cidr.parse(ipRange))) {
                throw new BerthException.InvalidArgument("invalid pool request: sub-pool " + ipRange + " is not inside " + subnet);
            }
            if (gateway != null && !s.contains(Ipv4Cidr.parseAddress(gateway))) {
                throw new BerthException.InvalidArgument("invalid gateway " + gateway + ": not inside subnet " + subnet);
            }
        }
        var pool = ipam.requestPool(ipam.defaultAddressSpaces().local(), subnet, ipRange,
            ipamOptions == null ? Map.of() : ipamOptions);
        try {
            Ipv4Cidr gw = ipam.requestAddress(pool.poolId(), gateway, gatewayRequest());
            reserveAuxAddresses(ipam, pool, asked);
            return new Allocation(pool, gw);
        } catch (RuntimeException e) {
            ipam.releasePool(pool.poolId());
            throw e;
        }
    }

    private void reserveAuxAddresses(IpamDriver.Pool pool, IpamPool asked) {
        reserveAuxAddresses(ipam, pool, asked);
    }

    private static void reserveAuxAddresses(IpamDriver ipam, IpamDriver.Pool pool, IpamPool asked) {
        if (asked == null || asked.auxAddresses() == null) return;
        for (String address : asked.auxAddresses().values()) ipam.requestAddress(pool.poolId(), address, Map.of());
    }

    private static String emptyToNull(String s) { return s == null || s.isEmpty() ? null : s; }

    @Override
    public synchronized List<Network> list(Filters filters) {
        filters.allowOnly(NetworkFilters.LIST);
        return networks.values().stream().map(s -> s.network).filter(n -> NetworkFilters.matchesList(n, filters)).toList();
    }

    @Override
    public synchronized Network inspect(String idOrName) {
        return find(idOrName).network;
    }

    /** By exact id, exact name, then unique id prefix — dockerd's order. */
    synchronized NetworkState find(String idOrName) {
        if (idOrName == null || idOrName.isEmpty()) throw new BerthException.NotFound(NOT_FOUND.formatted(idOrName));
        NetworkState exact = networks.get(idOrName);
        if (exact != null) return exact;
        Optional<NetworkState> named = byName(idOrName);
        if (named.isPresent()) return named.get();
        List<NetworkState> prefixed = networks.values().stream().filter(s -> s.network.id().startsWith(idOrName)).toList();
        if (prefixed.size() == 1) return prefixed.getFirst();
        if (prefixed.size() > 1) {
            throw new BerthException.InvalidArgument("network " + idOrName + " is ambiguous (" + prefixed.size() + " matches found)");
        }
        throw new BerthException.NotFound(NOT_FOUND.formatted(idOrName));
    }

    private Optional<NetworkState> byName(String name) {
        return networks.values().stream().filter(s -> s.network.name().equals(name)).findFirst();
    }

    @Override
    public synchronized void remove(String idOrName) {
        NetworkState s = find(idOrName);
        Network n = s.network;
        if (n.predefined()) throw new BerthException.Forbidden(n.name() + " is a pre-defined network and cannot be removed");
        if (!n.endpoints().isEmpty()) {
            throw new BerthException.Forbidden("error while removing network: network " + n.name() + " id " + n.id()
                + " has active endpoints");
        }
        driver(n.driver()).deleteNetwork(n.id());
        stopDns(s);
        IpamDriver ipamDriver = ipamOf(s);
        if (n.gateway() != null) ipamDriver.releaseAddress(s.pool.poolId(), n.gateway().addressText());
        ipamDriver.releasePool(s.pool.poolId());
        networks.remove(n.id());
        names.remove(n.id());
        store.delete(n.id());
        events.publish("network", "destroy", n.id(), Map.of("name", n.name(), "type", n.driver()));
    }

    @Override
    public synchronized List<String> prune(Filters filters) {
        filters.allowOnly(NetworkFilters.PRUNE);
        List<String> removed = new ArrayList<>();
        for (NetworkState s : List.copyOf(networks.values())) {
            if (NetworkFilters.matchesPrune(s.network, filters, clock.instant())) {
                remove(s.network.id());
                removed.add(s.network.name());
            }
        }
        if (!removed.isEmpty()) events.publish("network", "prune", "", Map.of("reclaimed", "0"));
        return removed;
    }

    /** A built-in driver, else a plugin of that name. */
    NetworkDriver driver(String name) {
        NetworkDriver d = drivers.get(name);
        return d != null ? d : plugins.networkDriver(name);
    }

    IpamDriver ipamDriver(String name) {
        return isBuiltInIpam(name) ? ipam : plugins.ipamDriver(name);
    }

    IpamDriver ipamOf(NetworkState s) {
        return ipamDriver(s.network.ipam().driver());
    }

    void save(NetworkState s) {
        store.save(new NetworkStore.Stored(s.network, s.published, s.pool == null ? null : s.pool.poolId()));
        names.update(s.network);
    }

    /**
     * The address of the embedded DNS server of a network (the gateway of a user-defined bridge
     * network), or null when the network has none (default bridge, host, none, plugin networks,
     * or a server that could not start): the container side writes it into resolv.conf.
     */
    @Override
    public synchronized String dnsServerFor(String network) {
        return find(network).dnsServer;
    }

    String newId() {
        byte[] b = new byte[32];
        random.nextBytes(b);
        return HexFormat.of().formatHex(b);
    }

    // --- containers: delegated to Attachments ---------------------------------------------------

    @Override
    public synchronized Attachment attach(String containerId, String containerName, String netnsPath, NetworkSettingsRequest r,
                                          List<String> dnsServers) {
        return attachments.attach(containerId, containerName, netnsPath, r, dnsServers);
    }

    @Override
    public synchronized void detach(String containerId, String network) {
        attachments.detach(containerId, network);
    }

    @Override
    public synchronized void detachAll(String containerId) {
        attachments.detachAll(containerId);
    }

    @Override
    public synchronized List<Attachment> attachments(String containerId) {
        return attachments.of(containerId);
    }

    @Override
    public synchronized List<PortBinding> publish(String containerId, String containerIp, List<PortBinding> bindings) {
        return attachments.publish(containerId, containerIp, bindings);
    }

    @Override
    public synchronized void unpublish(String containerId) {
        attachments.unpublish(containerId);
    }

    @Override
    public synchronized List<PortBinding> published(String containerId) {
        return attachments.published(containerId);
    }

    @Override
    public void connect(String network, String container, NetworkSettingsRequest settings) {
        inspect(network);
        containers.connect(container, new NetworkSettingsRequest(network, settings.aliases(), settings.ipv4Address(),
            settings.macAddress()));
    }

    @Override
    public void disconnect(String network, String container, boolean force) {
        inspect(network);
        containers.disconnect(container, network, force);
    }

    /**
     * Releases host plumbing of networks nobody uses (bridges, rules) at shutdown; networks with
     * endpoints keep theirs so running containers stay reachable. Everything is rebuilt from the
     * store at the next start.
     */
    @Override
    public synchronized void close() {
        for (NetworkState s : networks.values()) {
            stopDns(s);
            Network n = s.network;
            if (n.marker() || !n.endpoints().isEmpty() || !isBuiltIn(n.driver())) continue;
            try {
                driver(n.driver()).release(n.id());
            } catch (RuntimeException e) {
                log.warn("cannot release network {}: {}", n.name(), e.getMessage());
            }
        }
    }
}
