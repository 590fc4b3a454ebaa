package dev.berth.daemon.config;

import dev.berth.common.error.BerthException;
import dev.berth.daemon.config.DaemonConfig.LogLevel;
import dev.berth.daemon.config.DaemonConfig.TlsSettings;
import java.net.URI;
import dev.berth.core.container.LogConfig;
import dev.berth.core.container.LogDrivers;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.function.Predicate;

/**
 * Combines flags, {@code daemon.json} and defaults into a {@link DaemonConfig}, with dockerd's
 * rules: a setting given both ways is an error, {@code --tlsverify} implies {@code --tls}, and
 * certificate paths default to {@code $DOCKER_CERT_PATH} or {@code ~/.docker}.
 */
public final class DaemonConfigResolver {
    public static final Path DEFAULT_CONFIG_FILE = Path.of("/etc/berth/daemon.json");
    public static final Path DEFAULT_DATA_ROOT = Path.of("/var/lib/berth");
    public static final Path DEFAULT_EXEC_ROOT = Path.of("/run/berth");
    public static final String DEFAULT_GROUP = "docker";
    public static final String PIDFILE_NAME = "berthd.pid";

    /** The host facts the resolver consults, replaceable in tests. */
    public record Host(Predicate<String> groupExists, Path defaultCertDir) {
        public static Host system() {
            var lookup = java.nio.file.FileSystems.getDefault().getUserPrincipalLookupService();
            Predicate<String> exists = name -> {
                try {
                    lookup.lookupPrincipalByGroupName(name);
                    return true;
                } catch (java.io.IOException e) {
                    return false;
                }
            };
            String certPath = System.getenv("DOCKER_CERT_PATH");
            Path certDir = certPath != null && !certPath.isEmpty()
                ? Path.of(certPath) : Path.of(System.getProperty("user.home"), ".docker");
            return new Host(exists, certDir);
        }
    }

    private final Host host;

    public DaemonConfigResolver(Host host) {
        this.host = host;
    }

    /** The config file the flags point at, and whether the operator named it. */
    public static Path configFile(DaemonFlags flags) {
        return flags.configFile() == null ? DEFAULT_CONFIG_FILE : Path.of(flags.configFile());
    }

    public DaemonConfig resolve(DaemonFlags flags, DaemonConfigFileReader.Parsed parsed) {
        return resolve(flags, NetworkFlags.NONE, parsed);
    }

    public DaemonConfig resolve(DaemonFlags flags, NetworkFlags networkFlags, DaemonConfigFileReader.Parsed parsed) {
        DaemonConfigFile file = parsed.config();
        checkConflicts(flags, networkFlags, parsed, configFile(flags));

        List<HostAddress> hosts = new ArrayList<>();
        for (String h : first(flags.hosts(), file.hosts(), List.of("unix://" + HostAddress.DEFAULT_SOCKET))) {
            HostAddress address = HostAddress.parse(h);
            if (!hosts.contains(address)) hosts.add(address);
        }
        if (hosts.isEmpty()) hosts.add(new HostAddress.Unix(HostAddress.DEFAULT_SOCKET));

        Path dataRoot = absolute(first(flags.dataRoot(), file.dataRoot(), DEFAULT_DATA_ROOT.toString()), "data-root");
        Path execRoot = absolute(first(flags.execRoot(), file.execRoot(), DEFAULT_EXEC_ROOT.toString()), "exec-root");
        if (dataRoot.equals(execRoot)) throw new BerthException.InvalidArgument("data-root and exec-root must differ");

        boolean debug = first(flags.debug(), file.debug(), false);
        LogLevel logLevel = debug ? LogLevel.DEBUG : LogLevel.parse(first(flags.logLevel(), file.logLevel(), "info"));

        List<String> mirrors = new ArrayList<>();
        for (String m : first(flags.registryMirrors(), file.registryMirrors(), List.<String>of())) mirrors.add(validateMirror(m));
        List<String> insecure = new ArrayList<>();
        for (String r : first(flags.insecureRegistries(), file.insecureRegistries(), List.<String>of())) insecure.add(validateInsecure(r));

        String storageDriver = first(flags.storageDriver(), file.storageDriver(), null);
        if (storageDriver != null && storageDriver.isBlank()) storageDriver = null;

        String group = resolveGroup(first(flags.group(), file.group(), null));

        boolean tlsVerify = first(flags.tlsVerify(), file.tlsVerify(), false);
        boolean tls = tlsVerify || first(flags.tls(), file.tls(), false);
        TlsSettings tlsSettings = null;
        if (tls) {
            Path ca = absolute(first(flags.tlsCaCert(), file.tlsCaCert(), host.defaultCertDir().resolve("ca.pem").toString()), "tlscacert");
            Path cert = absolute(first(flags.tlsCert(), file.tlsCert(), host.defaultCertDir().resolve("cert.pem").toString()), "tlscert");
            Path key = absolute(first(flags.tlsKey(), file.tlsKey(), host.defaultCertDir().resolve("key.pem").toString()), "tlskey");
            requireReadable(cert, "tlscert");
            requireReadable(key, "tlskey");
            if (tlsVerify) requireReadable(ca, "tlscacert");
            tlsSettings = new TlsSettings(tlsVerify ? ca : null, cert, key, tlsVerify);
        }

        boolean insecureTcp = first(flags.insecureTcp(), file.insecureTcp(), false);
        Path pidfile = absolute(first(flags.pidfile(), file.pidfile(), execRoot.resolve(PIDFILE_NAME).toString()), "pidfile");
        DaemonConfig config = new DaemonConfig(hosts, dataRoot, execRoot, debug, logLevel, mirrors, insecure,
            storageDriver, group, tlsSettings, pidfile, insecureTcp, configFile(flags),
            NetworkConfig.resolve(networkFlags, parsed.network()),
            first(flags.pluginDirs(), file.pluginDirs(), List.<String>of()).stream().map(p -> absolute(p, "plugin-dirs")).toList(),
            defaultLogConfig(file));
        if (config.hasTcpListener() && tlsSettings == null && !insecureTcp) {
            throw new BerthException.InvalidArgument(
                "refusing to serve the API on " + firstTcp(hosts) + " without TLS: anyone who can reach that port "
                + "is root on this host. Use --tlsverify with --tlscacert, --tlscert and --tlskey, "
                + "or pass --insecure-tcp if you really mean it");
        }
        return config;
    }

    private static String firstTcp(List<HostAddress> hosts) {
        return hosts.stream().filter(h -> h instanceof HostAddress.Tcp).findFirst().map(Object::toString).orElse("tcp");
    }

    /** dockerd: "the following directives are specified both as a flag and in the configuration file: …". */
    private static void checkConflicts(DaemonFlags f, NetworkFlags nf, DaemonConfigFileReader.Parsed parsed, Path file) {
        DaemonConfigFile c = parsed.config();
        List<String> clashes = new ArrayList<>();
        clash(clashes, "hosts", f.hosts(), c.hosts());
        clash(clashes, "data-root", f.dataRoot(), c.dataRoot());
        clash(clashes, "exec-root", f.execRoot(), c.execRoot());
        clash(clashes, "debug", f.debug(), c.debug());
        clash(clashes, "log-level", f.logLevel(), c.logLevel());
        clash(clashes, "registry-mirrors", f.registryMirrors(), c.registryMirrors());
        clash(clashes, "insecure-registries", f.insecureRegistries(), c.insecureRegistries());
        clash(clashes, "storage-driver", f.storageDriver(), c.storageDriver());
        clash(clashes, "group", f.group(), c.group());
        clash(clashes, "tls", f.tls(), c.tls());
        clash(clashes, "tlsverify", f.tlsVerify(), c.tlsVerify());
        clash(clashes, "tlscacert", f.tlsCaCert(), c.tlsCaCert());
        clash(clashes, "tlscert", f.tlsCert(), c.tlsCert());
        clash(clashes, "tlskey", f.tlsKey(), c.tlsKey());
        clash(clashes, "pidfile", f.pidfile(), c.pidfile());
        clash(clashes, "insecure-tcp", f.insecureTcp(), c.insecureTcp());
        NetworkConfig.clashes(nf, parsed.network(), clashes);
        clash(clashes, "plugin-dirs", f.pluginDirs(), c.pluginDirs());
        if (!clashes.isEmpty()) {
            throw new BerthException.InvalidArgument("unable to configure the Berth daemon with file "
                + file + ": the following directives are specified both as a flag and in the "
                + "configuration file: " + String.join(", ", clashes));
        }
    }

    private static void clash(List<String> out, String key, Object flag, Object file) {
        if (flag != null && file != null) {
            out.add(key + ": (from flag: " + render(flag) + ", from file: " + render(file) + ")");
        }
    }

    private static String render(Object value) {
        return value instanceof List<?> l ? "[" + String.join(" ", l.stream().map(Objects::toString).toList()) + "]" : value.toString();
    }

    private String resolveGroup(String explicit) {
        if (explicit != null) {
            if (!host.groupExists().test(explicit)) {
                throw new BerthException.InvalidArgument("group " + explicit + " not found (-G/--group)");
            }
            return explicit;
        }
        return host.groupExists().test(DEFAULT_GROUP) ? DEFAULT_GROUP : "root";
    }

    private static String validateMirror(String mirror) {
        String m = mirror.strip();
        URI uri;
        try {
            uri = URI.create(m);
        } catch (IllegalArgumentException e) {
            throw new BerthException.InvalidArgument("invalid mirror: " + mirror + " is not a valid URI");
        }
        if (!"http".equals(uri.getScheme()) && !"https".equals(uri.getScheme())) {
            throw new BerthException.InvalidArgument("invalid mirror: unsupported scheme \"" + uri.getScheme() + "\" in \"" + mirror + "\"");
        }
        if (uri.getHost() == null) throw new BerthException.InvalidArgument("invalid mirror: no host in \"" + mirror + "\"");
        if ((uri.getPath() != null && !uri.getPath().isEmpty() && !uri.getPath().equals("/")) || uri.getQuery() != null) {
            throw new BerthException.InvalidArgument("invalid mirror: path and query are not allowed in \"" + mirror + "\"");
        }
        return m.endsWith("/") ? m : m + "/";
    }

    private static String validateInsecure(String registry) {
        String r = registry.strip();
        if (r.contains("://")) {
            throw new BerthException.InvalidArgument("insecure registry " + registry + " should not contain '://'");
        }
        if (r.isEmpty()) throw new BerthException.InvalidArgument("insecure registry must not be empty");
        return r;
    }

    private static Path absolute(String value, String what) {
        if (value.isBlank()) throw new BerthException.InvalidArgument(what + " must not be empty");
        return Path.of(value).toAbsolutePath().normalize();
    }

    private static void requireReadable(Path file, String what) {
        if (!Files.isReadable(file)) {
            throw new BerthException.InvalidArgument("could not load TLS material (" + what + "): open " + file + ": no such file or not readable");
        }
    }

    private static <T> T first(T flag, T file, T fallback) {
        return flag != null ? flag : file != null ? file : fallback;
    }

    /** The set of keys a file may use; re-exported for documentation and tests. */
    public static java.util.Set<String> knownKeys() {
        return new LinkedHashSet<>(DaemonConfigFileReader.KNOWN_KEYS);
    }

    /** {@code log-driver}/{@code log-opts}, checked as dockerd checks them at startup. */
    private static LogConfig defaultLogConfig(DaemonConfigFile file) {
        if (file.logDriver() == null && file.logOpts() == null) return LogConfig.DEFAULT;
        String driver = file.logDriver() == null || file.logDriver().isEmpty() ? LogConfig.JSON_FILE : file.logDriver();
        LogConfig config = new LogConfig(driver, file.logOpts());
        try {
            LogDrivers.validate(config);
        } catch (BerthException.InvalidArgument e) {
            throw new BerthException.InvalidArgument("failed to set log opts: " + e.getMessage(), e);
        }
        return config;
    }
}
