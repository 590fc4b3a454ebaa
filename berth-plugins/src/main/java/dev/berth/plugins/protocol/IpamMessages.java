package dev.berth.plugins.protocol;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.Map;

/**
 * The JSON bodies of libnetwork's IPAM plugin protocol ({@code /IpamDriver.*}), as libnetwork's
 * {@code ipams/remote/api} types. Every reply may carry {@code Err}; pools and addresses are CIDRs.
 */
public final class IpamMessages {
    private IpamMessages() {}

    public static final String SUBSYSTEM = "IpamDriver";

    public record Reply(@JsonProperty("Err") String err) {
        public static final Reply OK = new Reply(null);
    }

    public record CapabilitiesReply(@JsonProperty("RequiresMACAddress") boolean requiresMacAddress,
                                    @JsonProperty("RequiresRequestReplay") boolean requiresRequestReplay,
                                    @JsonProperty("Err") String err) {}

    public record AddressSpacesReply(@JsonProperty("LocalDefaultAddressSpace") String localDefaultAddressSpace,
                                     @JsonProperty("GlobalDefaultAddressSpace") String globalDefaultAddressSpace,
                                     @JsonProperty("Err") String err) {}

    public record RequestPoolRequest(@JsonProperty("AddressSpace") String addressSpace, @JsonProperty("Pool") String pool,
                                     @JsonProperty("SubPool") String subPool, @JsonProperty("Options") Map<String, String> options,
                                     @JsonProperty("V6") boolean v6) {}

    public record RequestPoolReply(@JsonProperty("PoolID") String poolId, @JsonProperty("Pool") String pool,
                                   @JsonProperty("Data") Map<String, String> data, @JsonProperty("Err") String err) {}

    public record ReleasePoolRequest(@JsonProperty("PoolID") String poolId) {}

    public record RequestAddressRequest(@JsonProperty("PoolID") String poolId, @JsonProperty("Address") String address,
                                        @JsonProperty("Options") Map<String, String> options) {}

    public record RequestAddressReply(@JsonProperty("Address") String address, @JsonProperty("Data") Map<String, String> data,
                                      @JsonProperty("Err") String err) {}

    public record ReleaseAddressRequest(@JsonProperty("PoolID") String poolId, @JsonProperty("Address") String address) {}
}
