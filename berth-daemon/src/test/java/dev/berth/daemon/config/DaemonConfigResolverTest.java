package dev.berth.daemon.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.berth.common.error.BerthException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DaemonConfigResolverTest {
    @TempDir Path tmp;

    private DaemonConfigResolver resolver(Set<String> groups) {
        return new DaemonConfigResolver(new DaemonConfigResolver.Host(groups::contains, tmp.resolve("certs")));
    }

    private static DaemonConfigFileReader.Parsed file(String json) {
        return DaemonConfigFileReader.parse(Path.of("/etc/berth/daemon.json"), json.getBytes(StandardCharsets.UTF_8));
    }

    private static DaemonFlags flags() { return DaemonFlags.NONE; }

    @Test
    void defaultsMatchTheDocumentedLayout() {
        DaemonConfig c = resolver(Set.of("docker")).resolve(flags(), DaemonConfigFileReader.Parsed.NONE);
        assertThat(c.hosts()).containsExactly(new HostAddress.Unix(Path.of("/run/berth/berth.sock")));
        assertThat(c.dataRoot()).isEqualTo(Path.of("/var/lib/berth"));
        assertThat(c.execRoot()).isEqualTo(Path.of("/run/berth"));
        assertThat(c.pidfile()).isEqualTo(Path.of("/run/berth/berthd.pid"));
        assertThat(c.group()).isEqualTo("docker");
        assertThat(c.logLevel()).isEqualTo(DaemonConfig.LogLevel.INFO);
        assertThat(c.tls()).isNull();
        assertThat(c.storageDriver()).isNull();
    }

    @Test
    void groupFallsBackToRootWithoutDockerGroup() {
        assertThat(resolver(Set.of()).resolve(flags(), DaemonConfigFileReader.Parsed.NONE).group()).isEqualTo("root");
    }

    @Test
    void explicitMissingGroupIsAnError() {
        DaemonFlags f = withGroup("nosuchgroup");
        assertThatThrownBy(() -> resolver(Set.of("docker")).resolve(f, DaemonConfigFileReader.Parsed.NONE))
            .isInstanceOf(BerthException.InvalidArgument.class).hasMessageContaining("nosuchgroup");
    }

    @Test
    void fileValuesApplyWhenNoFlag() {
        var parsed = file("""
            {"hosts": ["unix:///tmp/a.sock", "unix:///tmp/b.sock"], "data-root": "/srv/berth", "debug": true,
             "registry-mirrors": ["https://mirror.example"], "insecure-registries": ["myreg:5000"],
             "storage-driver": "vfs"}""");
        DaemonConfig c = resolver(Set.of()).resolve(flags(), parsed);
        assertThat(c.hosts()).containsExactly(new HostAddress.Unix(Path.of("/tmp/a.sock")), new HostAddress.Unix(Path.of("/tmp/b.sock")));
        assertThat(c.dataRoot()).isEqualTo(Path.of("/srv/berth"));
        assertThat(c.debug()).isTrue();
        assertThat(c.logLevel()).isEqualTo(DaemonConfig.LogLevel.DEBUG);
        assertThat(c.registryMirrors()).containsExactly("https://mirror.example/");
        assertThat(c.insecureRegistries()).containsExactly("myreg:5000");
        assertThat(c.storageDriver()).isEqualTo("vfs");
    }

    @Test
    void settingGivenAsFlagAndInFileIsRejectedLikeDockerd() {
        var parsed = file("{\"debug\": false, \"data-root\": \"/srv/a\", \"log-level\": \"warn\"}");
        DaemonFlags f = new DaemonFlags(null, "/srv/b", null, null, true, null, null, null, null, null, null, null, null, null, null, null, null);
        assertThatThrownBy(() -> resolver(Set.of()).resolve(f, parsed))
            .isInstanceOf(BerthException.InvalidArgument.class)
            .hasMessageContaining("the following directives are specified both as a flag and in the configuration file: ")
            .hasMessageContaining("data-root: (from flag: /srv/b, from file: /srv/a)")
            .hasMessageContaining("debug: (from flag: true, from file: false)")
            .hasMessageNotContaining("log-level");
    }

    @Test
    void unknownKeysAreRejected() {
        assertThatThrownBy(() -> file("{\"debug\": true, \"no-such-key\": 1, \"log-drivers\": \"x\"}"))
            .isInstanceOf(BerthException.InvalidArgument.class)
            .hasMessageContaining("the following directives don't match any configuration option: no-such-key, log-drivers");
    }

    @Test
    void wrongTypesAndBrokenJsonAreRejected() {
        assertThatThrownBy(() -> file("{\"debug\": \"maybe\"}")).isInstanceOf(BerthException.InvalidArgument.class);
        assertThatThrownBy(() -> file("{\"debug\": tru")).isInstanceOf(BerthException.InvalidArgument.class)
            .hasMessageContaining("invalid JSON");
        assertThatThrownBy(() -> file("[1]")).isInstanceOf(BerthException.InvalidArgument.class);
    }

    @Test
    void missingDefaultFileIsFineMissingExplicitFileIsNot() {
        assertThat(DaemonConfigFileReader.read(tmp.resolve("absent.json"), false)).isEqualTo(DaemonConfigFileReader.Parsed.NONE);
        assertThatThrownBy(() -> DaemonConfigFileReader.read(tmp.resolve("absent.json"), true))
            .isInstanceOf(BerthException.InvalidArgument.class).hasMessageContaining("absent.json");
    }

    @Test
    void emptyFileIsAnEmptyConfig() throws Exception {
        Path f = Files.writeString(tmp.resolve("daemon.json"), "  \n");
        assertThat(DaemonConfigFileReader.read(f, true).keys()).isEmpty();
    }

    @Test
    void plainTcpIsRefusedUnlessInsecureTcpIsGiven() {
        DaemonFlags plain = withHosts(List.of("tcp://127.0.0.1:2375"), null);
        assertThatThrownBy(() -> resolver(Set.of()).resolve(plain, DaemonConfigFileReader.Parsed.NONE))
            .isInstanceOf(BerthException.InvalidArgument.class).hasMessageContaining("without TLS").hasMessageContaining("--insecure-tcp");
        DaemonConfig c = resolver(Set.of()).resolve(withHosts(List.of("tcp://127.0.0.1:2375"), true), DaemonConfigFileReader.Parsed.NONE);
        assertThat(c.insecureTcp()).isTrue();
        assertThat(c.hosts()).containsExactly(new HostAddress.Tcp("127.0.0.1", 2375));
    }

    @Test
    void tlsVerifyImpliesTlsAndNeedsTheFiles() throws Exception {
        Path certs = Files.createDirectories(tmp.resolve("certs"));
        DaemonFlags f = new DaemonFlags(List.of("tcp://127.0.0.1"), null, null, null, null, null, null, null, null, null,
            null, true, null, null, null, null, null);
        assertThatThrownBy(() -> resolver(Set.of()).resolve(f, DaemonConfigFileReader.Parsed.NONE))
            .isInstanceOf(BerthException.InvalidArgument.class).hasMessageContaining("cert.pem");
        for (String n : List.of("ca.pem", "cert.pem", "key.pem")) Files.writeString(certs.resolve(n), "x");
        DaemonConfig c = resolver(Set.of()).resolve(f, DaemonConfigFileReader.Parsed.NONE);
        assertThat(c.tls()).isEqualTo(new DaemonConfig.TlsSettings(certs.resolve("ca.pem"), certs.resolve("cert.pem"), certs.resolve("key.pem"), true));
        assertThat(((HostAddress.Tcp) c.hosts().getFirst()).portOr(true)).isEqualTo(2376);
    }

    @Test
    void logLevelsAreValidated() {
        DaemonFlags bad = new DaemonFlags(null, null, null, null, null, "loud", null, null, null, null, null, null, null, null, null, null, null);
        assertThatThrownBy(() -> resolver(Set.of()).resolve(bad, DaemonConfigFileReader.Parsed.NONE))
            .hasMessageContaining("unable to parse logging level: loud");
    }

    @Test
    void mirrorsAndInsecureRegistriesAreValidated() {
        assertThatThrownBy(() -> resolver(Set.of()).resolve(flags(), file("{\"registry-mirrors\": [\"ftp://m\"]}")))
            .hasMessageContaining("invalid mirror");
        assertThatThrownBy(() -> resolver(Set.of()).resolve(flags(), file("{\"insecure-registries\": [\"http://r:5000\"]}")))
            .hasMessageContaining("should not contain '://'");
    }

    @Test
    void everyDockerdNamedKeyIsKnown() {
        assertThat(DaemonConfigFileReader.KNOWN_KEYS).contains("hosts", "data-root", "exec-root", "debug", "log-level",
            "registry-mirrors", "insecure-registries", "storage-driver", "group", "tls", "tlsverify", "tlscacert",
            "tlscert", "tlskey", "pidfile");
    }

    private static DaemonFlags withGroup(String group) {
        return new DaemonFlags(null, null, null, null, null, null, null, null, null, group, null, null, null, null, null, null, null);
    }

    private static DaemonFlags withHosts(List<String> hosts, Boolean insecureTcp) {
        return new DaemonFlags(hosts, null, null, null, null, null, null, null, null, null, null, null, null, null, null, null, insecureTcp);
    }

    @Test
    void logDriverAndLogOptsAreTheContainersDefault() {
        assertThat(resolver(Set.of()).resolve(flags(), DaemonConfigFileReader.Parsed.NONE).logConfig())
            .isEqualTo(dev.berth.core.container.LogConfig.DEFAULT);
        DaemonConfig c = resolver(Set.of()).resolve(flags(), file("""
            {"log-driver": "local", "log-opts": {"max-size": "10m", "max-file": "2"}}"""));
        assertThat(c.logConfig()).isEqualTo(
            new dev.berth.core.container.LogConfig("local", java.util.Map.of("max-size", "10m", "max-file", "2")));
        assertThat(resolver(Set.of()).resolve(flags(), file("{\"log-opts\": {\"max-size\": \"1m\"}}")).logConfig().type())
            .isEqualTo("json-file");
    }

    @Test
    void badLogOptsStopTheDaemonAsDockerdWordsIt() {
        assertThatThrownBy(() -> resolver(Set.of()).resolve(flags(), file("{\"log-opts\": {\"foo\": \"x\"}}")))
            .isInstanceOf(BerthException.InvalidArgument.class)
            .hasMessage("failed to set log opts: unknown log opt 'foo' for json-file log driver");
    }
}
