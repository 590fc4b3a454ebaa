package dev.berth.core.container;

import dev.berth.common.error.BerthException;
import dev.berth.core.container.ContainerNetworkConfig.Link;
import dev.berth.core.filter.Filters;
import dev.berth.core.network.ContainerNetworking;
import dev.berth.core.network.Endpoint;
import dev.berth.core.network.Network;
import dev.berth.core.network.NetworkService;
import dev.berth.core.network.NetworkService.Attachment;
import dev.berth.core.network.NetworkService.NetworkSettingsRequest;
import dev.berth.core.network.PortBinding;
import dev.berth.core.runtime.Namespaces;
import dev.berth.core.runtime.RuntimeSpec;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Containers on networks. The runtime creates each bridge-networked container in a network
 * namespace of its own; between the runtime's create and start the container joins its networks
 * in order (the first one gives the default route) through {@code /proc/<pid>/ns/net}, publishes
 * its ports and gets its own address in {@code /etc/hosts}. When the process ends (stop, exit,
 * remove, a failed start) the endpoints and ports are released; the namespace dies with the
 * process, so nothing on the host outlives it. A restarted daemon finds the endpoints of running
 * containers in the network store (the namespace path stays valid while the process lives).
 *
 * <p>Every method that changes a container runs under that container's lock (the caller's or its own).
 */
final class ContainerNetworks implements ContainerNetworking {
    private static final Logger LOG = LoggerFactory.getLogger(ContainerNetworks.class);
    static final String CONTAINER_PREFIX = "container:";

    private final ContainerContext ctx;
    private final ContainerNetworkFiles files;
    /** Null until the daemon wires the network service: then every mode but host runs as none. */
    private volatile NetworkService networks;

    ContainerNetworks(ContainerContext ctx, Path hostResolvConf) {
        this.ctx = ctx;
        this.files = new ContainerNetworkFiles(hostResolvConf, () -> networks);
    }

    void use(NetworkService service) { this.networks = service; }

    private static boolean live(Container c) {
        return c.state() instanceof ContainerState.Running || c.state() instanceof ContainerState.Paused;
    }

    // --- create ---------------------------------------------------------------------------------

    /**
     * At create: turns the network mode and the requested endpoints into the list of networks the
     * container joins (names made canonical), and checks what dockerd checks.
     */
    HostConfig resolve(HostConfig host, ContainerConfig config) {
        String mode = host.networkMode();
        ContainerNetworkConfig net = host.network();
        List<Link> links = new ArrayList<>();
        for (Link l : net.links()) {
            Container child;
            try {
                child = ctx.index.resolve(l.name());
            } catch (BerthException.NotFound e) {
                throw new BerthException.InvalidArgument("could not get container for " + l.name());
            }
            links.add(new Link(child.bareName(), l.alias()));
        }
        net = net.withLinks(links);
        if (mode.startsWith(CONTAINER_PREFIX)) {
            ctx.index.resolve(mode.substring(CONTAINER_PREFIX.length()));
            if (!net.portBindings().isEmpty() || net.publishAll()) {
                throw new BerthException.InvalidArgument("conflicting options: port publishing and the container type network mode");
            }
            if (config.hostname() != null && !config.hostname().isEmpty()) {
                throw new BerthException.InvalidArgument("conflicting options: hostname and the network mode");
            }
            if (!net.dns().isEmpty() || !net.dnsSearch().isEmpty() || !net.dnsOptions().isEmpty()) {
                throw new BerthException.InvalidArgument("conflicting options: dns and the network mode");
            }
            if (!net.extraHosts().isEmpty()) {
                throw new BerthException.InvalidArgument("conflicting options: custom host-to-IP mapping and the network mode");
            }
            return host.withNetwork(net.withNetworks(List.of()));
        }
        String primaryName = primaryNetwork(mode);
        if (primaryName == null) return host.withNetwork(net.withNetworks(List.of()));
        NetworkService n = networks;
        if (n == null) throw new BerthException.NotFound("network " + primaryName + " not found");
        Network primary = n.inspect(primaryName);
        NetworkSettingsRequest primaryRequest = null;
        Map<String, NetworkSettingsRequest> others = new LinkedHashMap<>();
        for (NetworkSettingsRequest r : net.networks()) {
            if (r.network().equals(mode)) { // the CLI keys the mode's settings by the mode as given (even "default")
                primaryRequest = r;
                continue;
            }
            Network target = n.inspect(r.network());
            if (target.id().equals(primary.id())) primaryRequest = r;
            else others.put(target.name(), checked(target, r));
        }
        List<NetworkSettingsRequest> all = new ArrayList<>();
        all.add(checked(primary, primaryRequest));
        all.addAll(others.values());
        return host.withNetwork(net.withNetworks(all));
    }

    /** The network the mode names: null for host, none, and default without a default bridge. */
    private String primaryNetwork(String mode) {
        return switch (mode) {
            case "host", "none" -> null;
            case "default" -> hasDefaultBridge() ? Network.BRIDGE : null;
            default -> mode;
        };
    }

    private boolean hasDefaultBridge() {
        NetworkService n = networks;
        if (n == null) return false;
        try {
            n.inspect(Network.BRIDGE);
            return true;
        } catch (BerthException.NotFound e) {
            return false;
        }
    }

    /** dockerd's rules for what a container may ask of one network. */
    private static NetworkSettingsRequest checked(Network n, NetworkSettingsRequest r) {
        List<String> aliases = r == null ? List.of() : r.aliases();
        String ip = r == null ? null : emptyToNull(r.ipv4Address());
        String mac = r == null ? null : emptyToNull(r.macAddress());
        if (n.marker()) {
            throw new BerthException.InvalidArgument("container cannot be connected to network " + n.name()
                + " together with other networks");
        }
        if (n.name().equals(Network.BRIDGE)) {
            if (!aliases.isEmpty()) {
                throw new BerthException.InvalidArgument("network-scoped alias is supported only for containers in user defined networks");
            }
            if (ip != null) throw new BerthException.InvalidArgument("user specified IP address is supported on user defined networks only");
        }
        return new NetworkSettingsRequest(n.name(), aliases, ip, mac);
    }

    // --- start ----------------------------------------------------------------------------------

    /**
     * Before the runtime creates the container (caller holds its lock): /etc/hosts and
     * /etc/resolv.conf for the network mode, and the spec's network namespace and link variables.
     */
    RuntimeSpec prepare(Container c, ContainerFiles.Paths paths, RuntimeSpec spec) {
        String mode = c.hostConfig().networkMode();
        if (mode.startsWith(CONTAINER_PREFIX)) {
            Container other = networkedContainer(mode.substring(CONTAINER_PREFIX.length()));
            ContainerFiles.Paths theirs = ctx.files.paths(other.id());
            ContainerNetworkFiles.copy(theirs.hosts(), paths.hosts());
            ContainerNetworkFiles.copy(theirs.resolvConf(), paths.resolvConf());
            ContainerNetworkFiles.copy(theirs.hostname(), paths.hostname());
            String hostname = RuntimeSpecs.hostname(other);
            List<String> env = new ArrayList<>(spec.process().env().stream()
                .map(e -> e.startsWith("HOSTNAME=") && c.config().env().stream().noneMatch(u -> u.startsWith("HOSTNAME="))
                    ? "HOSTNAME=" + hostname : e).toList());
            return spec.withNamespaces(spec.namespaces().withNetwork(
                    new Namespaces.Mode.Joined("/proc/" + other.state().pid() + "/ns/net")))
                .withHostname(hostname)
                .withProcess(spec.process().withEnv(env));
        }
        boolean hostNet = mode.equals("host");
        List<ContainerNetworkFiles.Link> links = hostNet ? List.of() : links(c);
        files.writeResolvConf(c, paths, hostNet);
        files.writeHosts(c, paths, hostNet, links, null, false);
        if (links.isEmpty()) return spec;
        List<String> env = new ArrayList<>(spec.process().env());
        for (ContainerNetworkFiles.Link l : links) {
            for (String v : LinkEnv.of(l.alias(), "/" + c.bareName() + "/" + l.alias(), l.ip(), l.child().config().exposedPorts(),
                    l.child().config().env())) {
                String key = v.substring(0, v.indexOf('='));
                if (c.config().env().stream().noneMatch(u -> u.equals(key) || u.startsWith(key + "="))) env.add(v);
            }
        }
        return spec.withProcess(spec.process().withEnv(env));
    }

    /** {@code container:<id>}: the other container must run; its namespace is joined. */
    private Container networkedContainer(String idOrName) {
        Container other = ctx.index.resolve(idOrName);
        if (!live(other)) {
            throw new BerthException.Conflict("cannot join network of a non running container: " + other.id());
        }
        return other;
    }

    /**
     * After the runtime created the container and before its process runs (caller holds the
     * lock): joins its networks in order, publishes its ports and adds its own address to
     * /etc/hosts. All or nothing: on error everything is released again and the error rethrown.
     */
    void attach(Container c, int pid, ContainerFiles.Paths paths) {
        NetworkService n = networks;
        List<NetworkSettingsRequest> wanted = c.hostConfig().network().networks();
        if (n == null || wanted.isEmpty()) return;
        String netns = netnsPath(pid);
        try {
            List<Attachment> done = new ArrayList<>();
            for (NetworkSettingsRequest r : wanted) done.add(n.attach(c.id(), c.bareName(), netns, withShortId(c, r), c.hostConfig().network().dns()));
            publish(n, c, done);
            Attachment first = done.getFirst();
            files.writeHosts(c, paths, false, links(c), first.address() == null ? null : first.address().addressText(), true);
        } catch (RuntimeException e) {
            release(c.id());
            throw e;
        }
    }

    static String netnsPath(int pid) { return "/proc/" + pid + "/ns/net"; }

    /** User-defined networks know a container by its short ID too (dockerd appends it to the aliases). */
    private static NetworkSettingsRequest withShortId(Container c, NetworkSettingsRequest r) {
        if (r.network().equals(Network.BRIDGE) || r.aliases().contains(c.shortId())) return r;
        List<String> aliases = new ArrayList<>(r.aliases());
        aliases.add(c.shortId());
        return new NetworkSettingsRequest(r.network(), aliases, r.ipv4Address(), r.macAddress());
    }

    private void publish(NetworkService n, Container c, List<Attachment> done) {
        List<PortBinding> bindings = bindings(c);
        if (bindings.isEmpty()) return;
        // ports go to the endpoint that gives the container its way out; internal networks publish nothing
        Attachment gateway = done.stream().filter(a -> a.wayOut() && a.address() != null).findFirst().orElse(null);
        if (gateway == null) return;
        try {
            n.publish(c.id(), gateway.address().addressText(), bindings);
        } catch (BerthException e) {
            String message = "driver failed programming external connectivity on endpoint " + c.bareName() + " ("
                + gateway.endpointId() + "): " + e.getMessage();
            if (e instanceof BerthException.Conflict) throw new BerthException.Conflict(message);
            throw new BerthException.Internal(message, e);
        }
    }

    /** {@code -p} bindings, then for {@code -P} every exposed port without one (ephemeral host port). */
    static List<PortBinding> bindings(Container c) {
        ContainerNetworkConfig net = c.hostConfig().network();
        List<PortBinding> out = new ArrayList<>(net.portBindings());
        if (net.publishAll()) {
            for (String e : c.config().exposedPorts()) {
                LinkEnv.Port p;
                try {
                    p = LinkEnv.Port.parse(e);
                } catch (NumberFormatException bad) {
                    continue;
                }
                boolean bound = out.stream().anyMatch(b -> b.containerPort() == p.number() && b.protocol().equals(p.proto()));
                if (!bound) out.add(PortBinding.of(p.proto(), p.number(), "", 0));
            }
        }
        return out;
    }

    /** Releases the container's endpoints and ports (its process is gone or going). Never throws. */
    void release(String containerId) {
        NetworkService n = networks;
        if (n == null) return;
        try {
            n.unpublish(containerId);
        } catch (RuntimeException e) {
            LOG.warn("cannot unpublish the ports of container {}: {}", containerId, e.getMessage());
        }
        try {
            n.detachAll(containerId);
        } catch (RuntimeException e) {
            LOG.warn("cannot detach container {} from its networks: {}", containerId, e.getMessage());
        }
    }

    /** Daemon start: endpoints of containers that no longer run (exited while the daemon was down, removed) are released. */
    void reconcile() {
        NetworkService n = networks;
        if (n == null) return;
        for (Network net : n.list(Filters.NONE)) {
            for (Endpoint e : net.endpoints()) {
                Container c = ctx.index.get(e.containerId());
                if (c == null || !live(c)) release(e.containerId());
            }
        }
    }

    // --- links ----------------------------------------------------------------------------------

    /** The links whose containers are on the default bridge; a linked container must run. */
    private List<ContainerNetworkFiles.Link> links(Container c) {
        List<ContainerNetworkFiles.Link> out = new ArrayList<>();
        NetworkService n = networks;
        for (Link l : c.hostConfig().network().links()) {
            Container child;
            try {
                child = ctx.index.resolve(l.name());
            } catch (BerthException.NotFound e) {
                throw new BerthException.InvalidArgument("could not get container for " + l.name());
            }
            if (!live(child)) {
                throw new BerthException.InvalidArgument("Cannot link to a non running container: /" + child.bareName()
                    + " AS /" + c.bareName() + "/" + l.alias());
            }
            if (n == null) continue;
            n.attachments(child.id()).stream()
                .filter(a -> a.networkName().equals(Network.BRIDGE) && a.address() != null).findFirst()
                .ifPresent(a -> out.add(new ContainerNetworkFiles.Link(l.alias(), child, a.address().addressText())));
        }
        return out;
    }

    /** {@code docker ps --filter network=<name>} and {@code --filter expose=<port>[/proto]}. */
    static boolean matchesFilters(Container c, Filters f) {
        if (!f.get("network").isEmpty()) {
            List<String> names = new ArrayList<>(c.hostConfig().network().networks().stream().map(NetworkSettingsRequest::network).toList());
            String mode = c.hostConfig().networkMode();
            if (names.isEmpty() && !mode.startsWith(CONTAINER_PREFIX)) names.add(mode.equals("host") ? Network.HOST : Network.NONE);
            if (f.get("network").stream().noneMatch(names::contains)) return false;
        }
        if (!f.get("expose").isEmpty()) {
            return f.get("expose").stream().anyMatch(e -> c.config().exposedPorts().contains(e.contains("/") ? e : e + "/tcp"));
        }
        return true;
    }

    // --- inspect --------------------------------------------------------------------------------

    ContainerNetworkStatus status(Container c) {
        NetworkService n = networks;
        String mode = c.hostConfig().networkMode();
        if (n == null || mode.startsWith(CONTAINER_PREFIX)) return ContainerNetworkStatus.NONE;
        List<NetworkSettingsRequest> wanted = c.hostConfig().network().networks();
        if (wanted.isEmpty()) {
            String name = mode.equals("host") ? Network.HOST : Network.NONE;
            String id = c.startedAt() == null ? "" : idOf(n, name);
            return new ContainerNetworkStatus(List.of(new Attachment(id, name, "", null, null, null, null, List.of(), false)),
                List.of(), "");
        }
        boolean running = live(c);
        List<Attachment> actual = running ? n.attachments(c.id()) : List.of();
        List<Attachment> out = new ArrayList<>();
        for (NetworkSettingsRequest r : wanted) {
            Attachment a = actual.stream().filter(x -> x.networkName().equals(r.network())).findFirst().orElse(null);
            if (a == null) {
                // as dockerd: a container that never ran shows no network id yet, one that ran keeps id and aliases
                boolean ran = c.startedAt() != null;
                a = new Attachment(ran ? idOf(n, r.network()) : "", r.network(), "", null, null, null, null,
                    ran ? withShortId(c, r).aliases() : List.of(), false);
            }
            out.add(a);
        }
        return new ContainerNetworkStatus(out, running ? n.published(c.id()) : List.of(),
            running ? netnsPath(c.state().pid()) : "");
    }

    private static String idOf(NetworkService n, String network) {
        try {
            return n.inspect(network).id();
        } catch (BerthException.NotFound e) {
            return ""; // removed since
        }
    }

    // --- docker network connect / disconnect ----------------------------------------------------

    @Override
    public void connect(String container, NetworkSettingsRequest request) {
        NetworkService n = requireNetworks();
        Container c = ctx.index.resolve(container);
        Network target = n.inspect(request.network());
        ctx.update(c.id(), cur -> {
            checkConnectable(cur, target);
            ContainerNetworkConfig net = cur.hostConfig().network();
            if (net.networks().stream().anyMatch(r -> r.network().equals(target.name()))) {
                throw new BerthException.Forbidden("endpoint with name " + cur.bareName() + " already exists in network " + target.name());
            }
            NetworkSettingsRequest r = checked(target, request);
            if (live(cur)) n.attach(cur.id(), cur.bareName(), netnsPath(cur.state().pid()), withShortId(cur, r), net.dns());
            List<NetworkSettingsRequest> all = new ArrayList<>(net.networks());
            all.add(r);
            return cur.withHostConfig(cur.hostConfig().withNetwork(net.withNetworks(all)));
        });
    }

    /**
     * dockerd's rules for connect. A container whose last network was disconnected keeps its
     * network mode and may join again: compose creates a container on its network, disconnects it
     * and connects it again with the service's aliases. Only a container in {@code none} mode
     * (which owns no network) stays private.
     */
    static void checkConnectable(Container c, Network target) {
        String mode = c.hostConfig().networkMode();
        if (mode.equals("host") || target.name().equals(Network.HOST)) {
            throw new BerthException.Forbidden("container cannot be disconnected from host network or connected to host network");
        }
        if (mode.startsWith(CONTAINER_PREFIX)) {
            throw new BerthException.Forbidden("container sharing network namespace with another container or host cannot be connected to any other network");
        }
        if (target.marker() || mode.equals(Network.NONE) && c.hostConfig().network().networks().isEmpty()) {
            throw new BerthException.Forbidden("container cannot be connected to multiple networks with one of the networks in private (none) mode");
        }
    }

    @Override
    public void disconnect(String container, String network, boolean force) {
        NetworkService n = requireNetworks();
        Network target = n.inspect(network);
        Container c;
        try {
            c = ctx.index.resolve(container);
        } catch (BerthException.NotFound e) {
            if (!force) throw e;
            // force: an endpoint left by a container that is gone
            target.endpoints().stream().filter(ep -> ep.containerName().equals(container) || ep.containerId().startsWith(container))
                .findFirst().ifPresent(ep -> n.detach(ep.containerId(), target.id()));
            return;
        }
        ctx.update(c.id(), cur -> {
            if (cur.hostConfig().networkMode().equals("host") && target.name().equals(Network.HOST)) {
                throw new BerthException.Forbidden("container cannot be disconnected from host network or connected to host network");
            }
            ContainerNetworkConfig net = cur.hostConfig().network();
            if (net.networks().stream().noneMatch(r -> r.network().equals(target.name()))) {
                throw new BerthException.Forbidden("container " + cur.id() + " is not connected to network " + target.name());
            }
            if (live(cur)) n.detach(cur.id(), target.id());
            List<NetworkSettingsRequest> rest = net.networks().stream().filter(r -> !r.network().equals(target.name())).toList();
            return cur.withHostConfig(cur.hostConfig().withNetwork(net.withNetworks(rest)));
        });
    }

    private NetworkService requireNetworks() {
        NetworkService n = networks;
        if (n == null) throw new BerthException.NotImplemented("networking is not wired");
        return n;
    }

    private static String emptyToNull(String s) { return s == null || s.isEmpty() ? null : s; }
}
