package dev.berth.plugins.sdk;

import dev.berth.plugins.protocol.IpamMessages;
import dev.berth.plugins.protocol.IpamMessages.AddressSpacesReply;
import dev.berth.plugins.protocol.IpamMessages.CapabilitiesReply;
import dev.berth.plugins.protocol.IpamMessages.ReleaseAddressRequest;
import dev.berth.plugins.protocol.IpamMessages.ReleasePoolRequest;
import dev.berth.plugins.protocol.IpamMessages.Reply;
import dev.berth.plugins.protocol.IpamMessages.RequestAddressReply;
import dev.berth.plugins.protocol.IpamMessages.RequestAddressRequest;
import dev.berth.plugins.protocol.IpamMessages.RequestPoolReply;
import dev.berth.plugins.protocol.IpamMessages.RequestPoolRequest;
import java.util.Map;

/** {@code /IpamDriver.*} for an {@link IpamPlugin}. */
final class IpamSubsystem implements Subsystem {
    private final IpamPlugin plugin;

    IpamSubsystem(IpamPlugin plugin) {
        this.plugin = plugin;
    }

    @Override public String name() { return IpamMessages.SUBSYSTEM; }

    @Override
    public Object handle(String method, byte[] body) {
        return switch (method) {
            case "GetCapabilities" -> new CapabilitiesReply(plugin.requiresMacAddress(), plugin.requiresRequestReplay(), null);
            case "GetDefaultAddressSpaces" -> new AddressSpacesReply(plugin.localAddressSpace(), plugin.globalAddressSpace(), null);
            case "RequestPool" -> {
                var r = Bodies.decode(body, RequestPoolRequest.class);
                IpamPlugin.Pool pool = plugin.requestPool(r.addressSpace(), nullToEmpty(r.pool()), nullToEmpty(r.subPool()),
                    r.options() == null ? Map.of() : r.options(), r.v6());
                yield new RequestPoolReply(pool.poolId(), pool.pool(), Map.of(), null);
            }
            case "ReleasePool" -> {
                plugin.releasePool(Bodies.decode(body, ReleasePoolRequest.class).poolId());
                yield Reply.OK;
            }
            case "RequestAddress" -> {
                var r = Bodies.decode(body, RequestAddressRequest.class);
                String address = plugin.requestAddress(r.poolId(), nullToEmpty(r.address()), r.options() == null ? Map.of() : r.options());
                yield new RequestAddressReply(address, Map.of(), null);
            }
            case "ReleaseAddress" -> {
                var r = Bodies.decode(body, ReleaseAddressRequest.class);
                plugin.releaseAddress(r.poolId(), r.address());
                yield Reply.OK;
            }
            default -> throw new UnknownMethod("/" + name() + "." + method);
        };
    }

    private static String nullToEmpty(String s) { return s == null ? "" : s; }
}
