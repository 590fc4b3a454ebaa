package dev.berth.api.mappers;

import dev.berth.api.types.NetworkConnectRequest;
import dev.berth.api.types.NetworkCreateRequest;
import dev.berth.api.types.NetworkIpam;
import dev.berth.api.types.NetworkIpamConfig;
import dev.berth.api.types.NetworkResource;
import dev.berth.common.error.BerthException;
import dev.berth.core.network.Endpoint;
import dev.berth.core.network.IpamConfig;
import dev.berth.core.network.IpamPool;
import dev.berth.core.network.Network;
import dev.berth.core.network.NetworkService;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Networks between the wire and the domain; maps and lists pass through untouched so they echo exactly. */
public final class NetworkMapper {
    private NetworkMapper() {}

    public static NetworkService.CreateRequest create(NetworkCreateRequest r) {
        if (r == null) throw new BerthException.InvalidArgument("missing request body");
        if (r.configOnly()) throw new BerthException.NotImplemented("config-only networks are not supported");
        if (Boolean.TRUE.equals(r.enableIpv6())) throw new BerthException.NotImplemented("IPv6 networks are not supported yet");
        if (r.scope() != null && !r.scope().isEmpty() && !r.scope().equals("local")) {
            throw new BerthException.NotImplemented("only local-scope networks are supported");
        }
        IpamConfig ipam = null;
        if (r.ipam() != null) {
            List<IpamPool> pools = r.ipam().config() == null ? List.of()
                : r.ipam().config().stream().map(c -> new IpamPool(c.subnet(), c.ipRange(), c.gateway(), c.auxiliaryAddresses())).toList();
            ipam = new IpamConfig(r.ipam().driver(), pools, r.ipam().options());
        }
        return new NetworkService.CreateRequest(r.name(), r.driver(), r.internal(), r.attachable(), r.ingress(),
            Boolean.TRUE.equals(r.enableIpv6()), ipam, r.options(), r.labels(), Boolean.TRUE.equals(r.checkDuplicate()));
    }

    public static NetworkResource resource(Network n) {
        List<NetworkIpamConfig> config = n.ipam().config().stream()
            .map(p -> new NetworkIpamConfig(p.subnet(), p.ipRange(), p.gateway(), p.auxAddresses())).toList();
        Map<String, NetworkResource.Endpoint> containers = new LinkedHashMap<>();
        for (Endpoint e : n.endpoints()) {
            containers.put(e.containerId(), new NetworkResource.Endpoint(e.containerName(), e.id(),
                e.macAddress() == null ? "" : e.macAddress(), e.address() == null ? "" : e.address().toString(), ""));
        }
        return new NetworkResource(n.name(), n.id(), Timestamps.rfc3339(n.created()), n.scope(), n.driver(), n.enableIpv6(),
            new NetworkIpam(n.ipam().driver(), n.ipam().options(), config), n.internal(), n.attachable(), n.ingress(),
            new NetworkResource.ConfigReference(""), false, containers,
            n.options() == null ? Map.of() : n.options(), n.labels() == null ? Map.of() : n.labels());
    }

    public static NetworkService.NetworkSettingsRequest connect(String network, NetworkConnectRequest r) {
        var ec = r.endpointConfig();
        String ip = ec == null || ec.ipamConfig() == null ? null : ec.ipamConfig().ipv4Address();
        return new NetworkService.NetworkSettingsRequest(network, ec == null ? List.of() : ec.aliases(), ip,
            ec == null ? null : ec.macAddress());
    }
}
