package dev.berth.core.container;

import dev.berth.common.error.BerthException;
import dev.berth.common.io.AtomicFiles;
import dev.berth.core.container.ContainerNetworkConfig.ExtraHost;
import dev.berth.core.network.Network;
import dev.berth.core.network.NetworkService;
import dev.berth.core.network.NetworkService.NetworkSettingsRequest;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

/**
 * The network files of a container ({@code /etc/hosts}, {@code /etc/resolv.conf}) written for its
 * network mode, its links and its address. Called under the container's lock.
 */
final class ContainerNetworkFiles {
    private final Path hostResolvConf;
    private final Supplier<NetworkService> networks;

    ContainerNetworkFiles(Path hostResolvConf, Supplier<NetworkService> networks) {
        this.hostResolvConf = hostResolvConf;
        this.networks = networks;
    }

    /** A legacy link resolved at start: the linked container and its address on the default bridge. */
    record Link(String alias, Container child, String ip) {}

    /** {@code container:<id>}: the other container's file. */
    static void copy(Path from, Path to) {
        try {
            if (Files.isRegularFile(from)) AtomicFiles.replace(to, Files.readAllBytes(from));
        } catch (IOException e) {
            throw new BerthException.Internal("cannot copy " + from + ": " + e.getMessage(), e);
        }
    }

    /** The host's resolv.conf made fit for the container, with the embedded DNS hook consulted for user-defined networks. */
    void writeResolvConf(Container c, ContainerFiles.Paths paths, boolean hostNet) {
        ContainerNetworkConfig net = c.hostConfig().network();
        List<String> dnsServers = new ArrayList<>();
        NetworkService n = networks.get();
        if (n != null) {
            for (NetworkSettingsRequest r : net.networks()) {
                if (r.network().equals(Network.BRIDGE)) continue;
                String server = n.dnsServerFor(r.network()); // null where no embedded server runs
                if (server != null) dnsServers.add(server);
            }
        }
        String text = ContainerResolvConf.render(read(hostResolvConf), hostNet,
            new ContainerResolvConf.Request(net.dns(), net.dnsSearch(), net.dnsOptions()),
            ContainerResolvConf.embeddedDnsNameservers(dnsServers));
        writeIfChanged(paths.resolvConf(), text.getBytes(StandardCharsets.UTF_8));
    }

    /** Most containers get what {@link ContainerFiles#write} already wrote: skip the second write then. */
    private static void writeIfChanged(Path file, byte[] bytes) {
        try {
            if (Files.isRegularFile(file) && java.util.Arrays.equals(Files.readAllBytes(file), bytes)) return;
        } catch (IOException e) {
            // unreadable: write it
        }
        AtomicFiles.replace(file, bytes); // written again at every start
    }

    /**
     * --add-host entries, link entries and, once attached, the container's own address.
     *
     * @param inPlace after the runtime bind-mounted the file: rewrite the same inode (a rename
     *                would leave the container looking at the old file)
     */
    void writeHosts(Container c, ContainerFiles.Paths paths, boolean hostNet, List<Link> links, String ownAddress,
                    boolean inPlace) {
        List<ContainerHosts.Entry> extra = new ArrayList<>();
        for (ExtraHost h : c.hostConfig().network().extraHosts()) {
            extra.add(new ContainerHosts.Entry(h.address().equals(ExtraHost.HOST_GATEWAY) ? hostGateway() : h.address(), h.name()));
        }
        for (Link l : links) {
            String names = l.alias().equals(l.child().bareName()) ? l.alias() : l.alias() + " " + l.child().bareName();
            extra.add(new ContainerHosts.Entry(l.ip(), names));
        }
        String base = hostNet ? read(Path.of("/etc/hosts")) : ContainerHosts.DEFAULT;
        String text = ContainerHosts.render(base, extra, ownAddress, RuntimeSpecs.hostname(c), c.config().domainname());
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        if (!inPlace) {
            writeIfChanged(paths.hosts(), bytes);
            return;
        }
        try {
            Files.write(paths.hosts(), bytes, StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING);
        } catch (IOException e) {
            throw new BerthException.Internal("cannot write " + paths.hosts() + ": " + e.getMessage(), e);
        }
    }

    /** {@code host-gateway}: the default bridge's gateway, where containers reach the host. */
    private String hostGateway() {
        NetworkService n = networks.get();
        try {
            if (n != null) {
                Network bridge = n.inspect(Network.BRIDGE);
                if (bridge.gateway() != null) return bridge.gateway().addressText();
            }
        } catch (BerthException.NotFound e) {
            // no default bridge
        }
        throw new BerthException.InvalidArgument("unable to derive the IP value for host-gateway");
    }

    private static String read(Path file) {
        try {
            return Files.isRegularFile(file) ? Files.readString(file) : "";
        } catch (IOException e) {
            return "";
        }
    }
}
