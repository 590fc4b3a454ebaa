package dev.berth.daemon.config;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;
import java.util.Map;

/**
 * The content of {@code daemon.json}, keyed exactly as dockerd's file. Every field is nullable:
 * null means "not in the file", so that a flag may supply it. Berth-only keys are marked.
 */
public record DaemonConfigFile(
        @JsonProperty("hosts") List<String> hosts,
        @JsonProperty("data-root") String dataRoot,
        @JsonProperty("exec-root") String execRoot,
        @JsonProperty("debug") Boolean debug,
        @JsonProperty("log-level") String logLevel,
        @JsonProperty("registry-mirrors") List<String> registryMirrors,
        @JsonProperty("insecure-registries") List<String> insecureRegistries,
        @JsonProperty("storage-driver") String storageDriver,
        @JsonProperty("group") String group,
        @JsonProperty("tls") Boolean tls,
        @JsonProperty("tlsverify") Boolean tlsVerify,
        @JsonProperty("tlscacert") String tlsCaCert,
        @JsonProperty("tlscert") String tlsCert,
        @JsonProperty("tlskey") String tlsKey,
        @JsonProperty("pidfile") String pidfile,
        /* Berth only: dockerd has no equivalent switch for a plain-HTTP tcp listener. */
        @JsonProperty("insecure-tcp") Boolean insecureTcp,
        /* Berth only: directories searched for plugin sockets and spec files before dockerd's own. */
        @JsonProperty("plugin-dirs") List<String> pluginDirs,
        @JsonProperty("log-driver") String logDriver,
        @JsonProperty("log-opts") Map<String, String> logOpts) {

    public static final DaemonConfigFile EMPTY = new DaemonConfigFile(null, null, null, null, null, null, null, null, null,
        null, null, null, null, null, null, null, null, null, null);
}
