package dev.berth.plugins;

import dev.berth.core.network.IpamDriver;
import dev.berth.core.network.Ipv4Cidr;
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
import java.time.Duration;
import java.util.Map;
import java.util.function.Function;

/**
 * An {@link IpamDriver} served by a plugin over libnetwork's IPAM protocol, one HTTP call per SPI
 * method. Pools and addresses come back as CIDRs; a reply that is not one is the plugin's error.
 * Errors follow {@link PluginClient}.
 */
public final class RemoteIpamDriver implements IpamDriver {
    private final PluginClient client;
    private volatile AddressSpaces spaces;

    /** @param client an activated client of a plugin that implements {@code IpamDriver} */
    public RemoteIpamDriver(PluginClient client) {
        this.client = client;
    }

    public String name() { return client.name(); }

    /** {@code GetCapabilities}; libnetwork asks it when the plugin registers. */
    public CapabilitiesReply capabilities() {
        return call("GetCapabilities", Map.of(), CapabilitiesReply.class, CapabilitiesReply::err, client.timeouts().shortCall());
    }

    /** Asked once: the spaces are the plugin's constants. */
    @Override
    public AddressSpaces defaultAddressSpaces() {
        AddressSpaces s = spaces;
        if (s == null) {
            AddressSpacesReply r = call("GetDefaultAddressSpaces", Map.of(), AddressSpacesReply.class, AddressSpacesReply::err,
                client.timeouts().shortCall());
            s = new AddressSpaces(r.localDefaultAddressSpace(), r.globalDefaultAddressSpace());
            spaces = s;
        }
        return s;
    }

    @Override
    public Pool requestPool(String addressSpace, String pool, String subPool, Map<String, String> options) {
        RequestPoolReply r = call("RequestPool", new RequestPoolRequest(addressSpace, nullToEmpty(pool), nullToEmpty(subPool),
            options, false), RequestPoolReply.class, RequestPoolReply::err, client.timeouts().longCall());
        if (r.poolId() == null || r.poolId().isEmpty()) throw client.failure("IpamDriver.RequestPool", "no PoolID in the reply");
        return new Pool(r.poolId(), cidr("IpamDriver.RequestPool", r.pool()).network());
    }

    @Override
    public void releasePool(String poolId) {
        call("ReleasePool", new ReleasePoolRequest(poolId), Reply.class, Reply::err, client.timeouts().longCall());
    }

    @Override
    public Ipv4Cidr requestAddress(String poolId, String address, Map<String, String> options) {
        RequestAddressReply r = call("RequestAddress", new RequestAddressRequest(poolId, nullToEmpty(address), options),
            RequestAddressReply.class, RequestAddressReply::err, client.timeouts().longCall());
        return cidr("IpamDriver.RequestAddress", r.address());
    }

    @Override
    public void releaseAddress(String poolId, String address) {
        call("ReleaseAddress", new ReleaseAddressRequest(poolId, address), Reply.class, Reply::err, client.timeouts().longCall());
    }

    private Ipv4Cidr cidr(String method, String text) {
        if (text == null || !text.contains("/")) throw client.failure(method, "not a CIDR address in the reply: " + text);
        try {
            return Ipv4Cidr.parse(text);
        } catch (RuntimeException e) {
            throw client.failure(method, "not a CIDR address in the reply: " + text);
        }
    }

    /** Go's zero value: libnetwork sends "" for "any", never null. */
    private static String nullToEmpty(String s) { return s == null ? "" : s; }

    private <T> T call(String method, Object request, Class<T> type, Function<T, String> err, Duration timeout) {
        return client.callChecked(IpamMessages.SUBSYSTEM + "." + method, request, type, err, timeout);
    }
}
