package dev.berth.plugins;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.net.URI;

/**
 * Where a legacy plugin listens: {@code unix:///run/docker/plugins/x.sock}, {@code tcp://host:port}
 * or {@code http(s)://host:port}, plus TLS settings from a {@code NAME.json} spec file.
 *
 * @param tls null for plain connections
 */
public record PluginSpec(String name, URI address, Tls tls) {

    /** The {@code TLSConfig} object of a {@code .json} spec, as dockerd reads it. */
    public record Tls(@JsonProperty("InsecureSkipVerify") boolean insecureSkipVerify, @JsonProperty("CAFile") String caFile,
                      @JsonProperty("CertFile") String certFile, @JsonProperty("KeyFile") String keyFile) {}

    /** The whole {@code NAME.json} document. */
    record JsonSpec(@JsonProperty("Name") String name, @JsonProperty("Addr") String addr, @JsonProperty("TLSConfig") Tls tls) {}

    public boolean isUnix() { return "unix".equals(address.getScheme()); }

    @Override public String toString() { return name + " (" + address + ")"; }
}
