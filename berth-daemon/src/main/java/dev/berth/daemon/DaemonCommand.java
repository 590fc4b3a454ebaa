package dev.berth.daemon;

import dev.berth.core.system.ApiVersions;
import dev.berth.daemon.config.DaemonFlags;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.IVersionProvider;
import picocli.CommandLine.Option;

/** berthd's command line, flag for flag as dockerd's. Every option is null unless given. */
@Command(name = "berthd", sortOptions = false, usageHelpAutoWidth = true,
    versionProvider = DaemonCommand.Version.class,
    description = "A Docker-compatible container engine.")
final class DaemonCommand {

    @Option(names = {"-H", "--host"}, paramLabel = "ADDRESS",
        description = "Daemon socket(s) to listen on: unix:///path or tcp://host:port (repeatable; default unix:///run/berth/berth.sock)")
    List<String> hosts;

    @Option(names = "--data-root", paramLabel = "DIR", description = "Root directory of persistent state (default /var/lib/berth)")
    String dataRoot;

    @Option(names = "--exec-root", paramLabel = "DIR", description = "Root directory for execution state files (default /run/berth)")
    String execRoot;

    @Option(names = "--config-file", paramLabel = "FILE", description = "Daemon configuration file (default /etc/berth/daemon.json)")
    String configFile;

    @Option(names = {"-D", "--debug"}, arity = "0..1", fallbackValue = "true", paramLabel = "BOOL", description = "Enable debug mode")
    Boolean debug;

    @Option(names = {"-l", "--log-level"}, paramLabel = "LEVEL", description = "debug, info, warn, error or fatal (default info)")
    String logLevel;

    @Option(names = "--registry-mirror", paramLabel = "URL", description = "Preferred registry mirror (repeatable)")
    List<String> registryMirrors;

    @Option(names = "--insecure-registry", paramLabel = "HOST", description = "Registry reachable over plain HTTP or unverified TLS (repeatable)")
    List<String> insecureRegistries;

    @Option(names = {"-s", "--storage-driver"}, paramLabel = "DRIVER", description = "Storage driver to use (default overlay2)")
    String storageDriver;

    @Option(names = {"-G", "--group"}, paramLabel = "GROUP", description = "Group for the unix socket (default docker when it exists, else root)")
    String group;

    @Option(names = "--tls", arity = "0..1", fallbackValue = "true", paramLabel = "BOOL", description = "Use TLS; implied by --tlsverify")
    Boolean tls;

    @Option(names = "--tlsverify", arity = "0..1", fallbackValue = "true", paramLabel = "BOOL", description = "Use TLS and verify the remote (mutual TLS)")
    Boolean tlsVerify;

    @Option(names = "--tlscacert", paramLabel = "FILE", description = "Trust certs signed only by this CA (default ~/.docker/ca.pem)")
    String tlsCaCert;

    @Option(names = "--tlscert", paramLabel = "FILE", description = "Path to TLS certificate file (default ~/.docker/cert.pem)")
    String tlsCert;

    @Option(names = "--tlskey", paramLabel = "FILE", description = "Path to TLS key file (default ~/.docker/key.pem)")
    String tlsKey;

    @Option(names = {"-p", "--pidfile"}, paramLabel = "FILE", description = "Path to use for the daemon PID file (default <exec-root>/berthd.pid)")
    String pidfile;

    @Option(names = "--insecure-tcp", arity = "0..1", fallbackValue = "true", paramLabel = "BOOL",
        description = "Allow a tcp:// listener WITHOUT TLS. Anyone reaching the port is root on this host.")
    Boolean insecureTcp;

    @picocli.CommandLine.Mixin
    NetworkOptions network = new NetworkOptions();

    @Option(names = "--plugin-dir", paramLabel = "DIR",
        description = "Berth only: also look for plugin sockets and spec files here, before /run/docker/plugins (repeatable)")
    List<String> pluginDirs;

    @Option(names = {"-h", "--help"}, usageHelp = true, description = "Print usage")
    boolean help;

    @Option(names = {"-v", "--version"}, versionHelp = true, description = "Print version information and quit")
    boolean version;

    DaemonFlags toFlags() {
        return new DaemonFlags(hosts, dataRoot, execRoot, configFile, debug, logLevel, registryMirrors,
            insecureRegistries, storageDriver, group, tls, tlsVerify, tlsCaCert, tlsCert, tlsKey, pidfile, insecureTcp, pluginDirs);
    }

    static final class Version implements IVersionProvider {
        @Override public String[] getVersion() {
            var build = dev.berth.daemon.system.BuildInfo.load();
            return new String[] {"Berth version " + ApiVersions.BERTH_VERSION + ", build " + build.gitCommit()
                + " (API " + ApiVersions.CURRENT + ", minimum " + ApiVersions.MIN + ")"};
        }
    }
}
