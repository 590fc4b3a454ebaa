package dev.berth.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.berth.core.system.ApiVersions;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** berthd as an operator and the docker CLI see it: versions, info, locking, flags, signals. */
class DaemonLifecycleIT {
    @RegisterExtension static BerthDaemonExtension berth = new BerthDaemonExtension();

    @Test
    void dockerVersionShowsBerthAndApi144() {
        var r = berth.docker().ok("version", "--format", "{{.Server.Version}}|{{.Server.APIVersion}}|{{.Server.MinAPIVersion}}|{{.Server.Os}}");
        assertThat(r.stdout().strip()).isEqualTo(ApiVersions.ENGINE_VERSION + "|1.44|1.24|linux");
        assertThat(berth.docker().ok("version").stdout()).contains("Server: Berth").contains("API version:      1.44");
    }

    @Test
    void dockerInfoShowsDataRootAndStorageDriver() {
        var r = berth.docker().ok("info", "--format", "{{.DockerRootDir}}|{{.Driver}}|{{.CgroupDriver}}|{{.OSType}}|{{.ServerVersion}}");
        String[] f = r.stdout().strip().split("\\|");
        assertThat(f[0]).isEqualTo(berth.daemon().dataRoot().toString());
        assertThat(f[1]).isIn("overlay2", "vfs");
        assertThat(f[2]).isEqualTo("cgroupfs");
        assertThat(f[3]).isEqualTo("linux");
        assertThat(f[4]).isEqualTo(ApiVersions.ENGINE_VERSION);
        assertThat(berth.docker().ok("info").stdout()).contains("Docker Root Dir: " + berth.daemon().dataRoot());
    }

    @Test
    void aSecondDaemonOnTheSameDataRootRefusesToStart() {
        try (var second = BerthDaemonProcess.builder().dataRoot(berth.daemon().dataRoot()).launch()) {
            assertThat(second.awaitExit(Duration.ofSeconds(60))).isEqualTo(1);
            assertThat(second.log()).contains("in use by another berthd").contains("pid " + berth.daemon().pid());
            assertThat(second.socket()).doesNotExist();
        }
        assertThat(berth.docker().run("version").ok()).as("the first daemon still serves").isTrue();
    }

    @Test
    void sigtermRemovesSocketAndPidfileAndReleasesTheLock() {
        var daemon = BerthDaemonProcess.builder().start();
        try {
            assertThat(daemon.socket()).exists();
            assertThat(daemon.pidfile()).hasContent(Long.toString(daemon.pid()));
            daemon.stop();
            assertThat(daemon.isAlive()).isFalse();
            assertThat(daemon.socket()).doesNotExist();
            assertThat(daemon.pidfile()).doesNotExist();
            assertThat(daemon.log()).contains("berthd stopped");
            try (var again = BerthDaemonProcess.builder().dataRoot(daemon.dataRoot()).start()) {
                again.docker().ok("version");
            }
        } finally {
            daemon.close();
        }
    }

    @Test
    void engineIdSurvivesARestart() {
        String first = berth.docker().ok("info", "--format", "{{.ID}}").stdout().strip();
        assertThat(first).isNotBlank();
        assertThat(Files.exists(berth.daemon().dataRoot().resolve("engine-id"))).isTrue();
    }

    @Test
    void plainTcpIsRefusedWithoutInsecureTcp() throws IOException {
        try (var d = BerthDaemonProcess.builder().args("-H", "tcp://127.0.0.1:" + freePort()).launch()) {
            assertThat(d.awaitExit(Duration.ofSeconds(60))).isEqualTo(1);
            assertThat(d.log()).contains("without TLS").contains("--insecure-tcp");
        }
    }

    @Test
    void insecureTcpServesWithALoudWarning() throws IOException {
        int port = freePort();
        try (var d = BerthDaemonProcess.builder().args("--insecure-tcp", "-H", "tcp://127.0.0.1:" + port).start()) {
            var tcp = new DockerCli("tcp://127.0.0.1:" + port, d.scratch().resolve("tcp-config"));
            assertThat(tcp.ok("version", "--format", "{{.Server.Version}}").stdout().strip()).isEqualTo(ApiVersions.ENGINE_VERSION);
            assertThat(d.log()).contains("INSECURE").contains("WITHOUT TLS");
        }
    }

    @Test
    void settingInBothFlagAndFileIsRefused() {
        try (var d = BerthDaemonProcess.builder().configJson("{\"debug\": true}").args("--debug").launch()) {
            assertThat(d.awaitExit(Duration.ofSeconds(60))).isEqualTo(1);
            assertThat(d.log()).contains("the following directives are specified both as a flag and in the configuration file: debug");
        }
    }

    @Test
    void unknownConfigKeyIsRefused() {
        try (var d = BerthDaemonProcess.builder().configJson("{\"no-such-option\": 1}").launch()) {
            assertThat(d.awaitExit(Duration.ofSeconds(60))).isEqualTo(1);
            assertThat(d.log()).contains("the following directives don't match any configuration option: no-such-option");
        }
    }

    @Test
    void configFileSettingsApply() {
        try (var d = BerthDaemonProcess.builder().configJson("{\"debug\": true, \"registry-mirrors\": [\"https://mirror.example.com\"]}").start()) {
            var r = d.docker().ok("info", "--format", "{{.Debug}}|{{json .RegistryConfig.Mirrors}}");
            assertThat(r.stdout().strip()).isEqualTo("true|[\"https://mirror.example.com/\"]");
        }
    }

    static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }
}
