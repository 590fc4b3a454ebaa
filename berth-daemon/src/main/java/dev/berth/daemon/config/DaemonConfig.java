package dev.berth.daemon.config;

import dev.berth.core.container.LogConfig;
import java.nio.file.Path;
import java.util.List;

/**
 * The daemon's settings after flags, {@code daemon.json} and defaults were combined and checked.
 * Immutable; built by {@link DaemonConfigResolver}.
 *
 * @param tls null when the tcp listeners serve plain HTTP (or there are none)
 * @param logConfig the containers' default log driver and options ({@code log-driver}, {@code log-opts})
 */
public record DaemonConfig(
        List<HostAddress> hosts,
        Path dataRoot,
        Path execRoot,
        boolean debug,
        LogLevel logLevel,
        List<String> registryMirrors,
        List<String> insecureRegistries,
        String storageDriver,
        String group,
        TlsSettings tls,
        Path pidfile,
        boolean insecureTcp,
        Path configFile,
        NetworkConfig network,
        List<Path> pluginDirs,
        LogConfig logConfig) {

    public DaemonConfig {
        logConfig = LogConfig.orDefault(logConfig);
        pluginDirs = pluginDirs == null ? List.of() : List.copyOf(pluginDirs);
        hosts = List.copyOf(hosts);
        registryMirrors = List.copyOf(registryMirrors);
        insecureRegistries = List.copyOf(insecureRegistries);
    }

    /** Server TLS: with {@code verifyClients} only clients holding a certificate signed by {@code caCert} may connect. */
    public record TlsSettings(Path caCert, Path cert, Path key, boolean verifyClients) {}

    /** dockerd's log levels; {@code fatal} and {@code panic} log errors only. */
    public enum LogLevel {
        DEBUG, INFO, WARN, ERROR, FATAL;

        public static LogLevel parse(String text) {
            return switch (text.strip().toLowerCase(java.util.Locale.ROOT)) {
                case "debug", "trace" -> DEBUG;
                case "info" -> INFO;
                case "warn", "warning" -> WARN;
                case "error" -> ERROR;
                case "fatal", "panic" -> FATAL;
                default -> throw new dev.berth.common.error.BerthException.InvalidArgument(
                    "unable to parse logging level: " + text);
            };
        }
    }

    public boolean hasTcpListener() {
        return hosts.stream().anyMatch(h -> h instanceof HostAddress.Tcp);
    }
}
