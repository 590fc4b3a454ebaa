package dev.berth.network;

import com.fasterxml.jackson.annotation.JsonProperty;
import dev.berth.core.network.Endpoint;
import dev.berth.core.network.IpamConfig;
import dev.berth.core.network.IpamPool;
import dev.berth.core.network.Ipv4Cidr;
import dev.berth.core.network.Network;
import dev.berth.core.network.NetworkStore;
import dev.berth.core.network.PortBinding;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A network as stored on disk (format version 1). Its own type so that the domain and the API can
 * change without breaking data written by an older daemon.
 */
record NetworkRecord(
        @JsonProperty("version") int version,
        @JsonProperty("id") String id,
        @JsonProperty("name") String name,
        @JsonProperty("driver") String driver,
        @JsonProperty("scope") String scope,
        @JsonProperty("created") String created,
        @JsonProperty("ipamDriver") String ipamDriver,
        @JsonProperty("ipamConfig") List<Pool> ipamConfig,
        @JsonProperty("ipamOptions") Map<String, String> ipamOptions,
        @JsonProperty("internal") boolean internal,
        @JsonProperty("attachable") boolean attachable,
        @JsonProperty("ingress") boolean ingress,
        @JsonProperty("enableIpv6") boolean enableIpv6,
        @JsonProperty("labels") LinkedHashMap<String, String> labels,
        @JsonProperty("options") LinkedHashMap<String, String> options,
        @JsonProperty("subnet") String subnet,
        @JsonProperty("gateway") String gateway,
        @JsonProperty("endpoints") List<EndpointRecord> endpoints,
        @JsonProperty("published") Map<String, List<Port>> published,
        @JsonProperty("ipamPoolId") String ipamPoolId) {

    static final int VERSION = 1;

    record Pool(@JsonProperty("subnet") String subnet, @JsonProperty("ipRange") String ipRange,
                @JsonProperty("gateway") String gateway, @JsonProperty("aux") LinkedHashMap<String, String> aux) {}

    record EndpointRecord(@JsonProperty("id") String id, @JsonProperty("containerId") String containerId,
                          @JsonProperty("containerName") String containerName, @JsonProperty("address") String address,
                          @JsonProperty("mac") String mac, @JsonProperty("ifName") String ifName,
                          @JsonProperty("netns") String netns, @JsonProperty("aliases") List<String> aliases,
                          @JsonProperty("dns") List<String> dns) {}

    record Port(@JsonProperty("proto") String proto, @JsonProperty("containerPort") int containerPort,
                @JsonProperty("hostIp") String hostIp, @JsonProperty("hostPort") int hostPort) {}

    static NetworkRecord of(NetworkStore.Stored s) {
        Network n = s.network();
        Map<String, List<Port>> ports = new LinkedHashMap<>();
        s.published().forEach((ep, list) -> ports.put(ep, list.stream()
            .map(b -> new Port(b.protocol(), b.containerPort(), b.hostIp(), b.hostPort())).toList()));
        return new NetworkRecord(VERSION, n.id(), n.name(), n.driver(), n.scope(), n.created().toString(),
            n.ipam().driver(),
            n.ipam().config().stream().map(p -> new Pool(p.subnet(), p.ipRange(), p.gateway(), copy(p.auxAddresses()))).toList(),
            n.ipam().options(), n.internal(), n.attachable(), n.ingress(), n.enableIpv6(), copy(n.labels()), copy(n.options()),
            text(n.subnet()), text(n.gateway()),
            n.endpoints().stream().map(e -> new EndpointRecord(e.id(), e.containerId(), e.containerName(), text(e.address()),
                e.macAddress(), e.ifName(), e.netnsPath(), e.aliases(), e.dnsServers())).toList(),
            ports, s.ipamPoolId());
    }

    NetworkStore.Stored toStored() {
        var pools = ipamConfig == null ? List.<IpamPool>of()
            : ipamConfig.stream().map(p -> new IpamPool(p.subnet, p.ipRange, p.gateway, p.aux)).toList();
        var eps = endpoints == null ? List.<Endpoint>of() : endpoints.stream().map(e -> new Endpoint(e.id, e.containerId,
            e.containerName, cidr(e.address), e.mac, e.ifName, e.netns, e.aliases, e.dns)).toList();
        Network n = new Network(id, name, driver, scope, Instant.parse(created), new IpamConfig(ipamDriver, pools, ipamOptions),
            internal, attachable, ingress, enableIpv6, labels, options, cidr(subnet), cidr(gateway), eps);
        Map<String, List<PortBinding>> ports = new LinkedHashMap<>();
        if (published != null) {
            published.forEach((ep, list) -> ports.put(ep, list.stream()
                .map(p -> PortBinding.of(p.proto, p.containerPort, p.hostIp, p.hostPort)).toList()));
        }
        return new NetworkStore.Stored(n, ports, ipamPoolId);
    }

    private static LinkedHashMap<String, String> copy(Map<String, String> m) { return m == null ? null : new LinkedHashMap<>(m); }

    private static String text(Ipv4Cidr c) { return c == null ? null : c.toString(); }

    private static Ipv4Cidr cidr(String s) { return s == null ? null : Ipv4Cidr.parse(s); }
}
