package dev.berth.daemon.config;

import java.util.List;

/**
 * The settings given on the command line; null means "flag not given". Kept apart from picocli so
 * the merge with {@code daemon.json} can be tested without parsing argv.
 */
public record DaemonFlags(
        List<String> hosts,
        String dataRoot,
        String execRoot,
        String configFile,
        Boolean debug,
        String logLevel,
        List<String> registryMirrors,
        List<String> insecureRegistries,
        String storageDriver,
        String group,
        Boolean tls,
        Boolean tlsVerify,
        String tlsCaCert,
        String tlsCert,
        String tlsKey,
        String pidfile,
        Boolean insecureTcp,
        List<String> pluginDirs) {

    /** Without the Berth-only plugin directories. */
    public DaemonFlags(List<String> hosts, String dataRoot, String execRoot, String configFile, Boolean debug, String logLevel,
                       List<String> registryMirrors, List<String> insecureRegistries, String storageDriver, String group,
                       Boolean tls, Boolean tlsVerify, String tlsCaCert, String tlsCert, String tlsKey, String pidfile,
                       Boolean insecureTcp) {
        this(hosts, dataRoot, execRoot, configFile, debug, logLevel, registryMirrors, insecureRegistries, storageDriver,
            group, tls, tlsVerify, tlsCaCert, tlsCert, tlsKey, pidfile, insecureTcp, null);
    }

    public static final DaemonFlags NONE =
        new DaemonFlags(null, null, null, null, null, null, null, null, null, null, null, null, null, null, null, null, null);
}
