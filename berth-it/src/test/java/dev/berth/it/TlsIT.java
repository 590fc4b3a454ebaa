package dev.berth.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.berth.core.system.ApiVersions;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** {@code --tlsverify} on TCP: the docker CLI with a client certificate from our CA gets in, nobody else does. */
class TlsIT {
    static BerthDaemonProcess berthd;
    static Path certs;
    static String host;
    static TestCertificates.Issued ca;

    @BeforeAll
    static void start() throws Exception {
        Root.assume();
        ca = TestCertificates.ca("berth-it CA");
        var server = TestCertificates.server(ca);
        int port = DaemonLifecycleIT.freePort();
        host = "tcp://127.0.0.1:" + port;
        certs = java.nio.file.Files.createTempDirectory(Path.of("/tmp"), "berth-it-certs-");
        Path serverDir = TestCertificates.writeDockerCertDir(certs.resolve("server"), ca, server);
        berthd = BerthDaemonProcess.builder().args("--tlsverify",
            "--tlscacert", serverDir.resolve("ca.pem").toString(),
            "--tlscert", serverDir.resolve("cert.pem").toString(),
            "--tlskey", serverDir.resolve("key.pem").toString(),
            "-H", host).start();
    }

    @AfterAll
    static void stop() {
        if (berthd != null) berthd.close();
        if (certs != null) ScratchDir.deleteRecursively(certs);
    }

    private static DockerCli tlsClient(Path certDir) {
        return new DockerCli(host, certDir.resolve("config"))
            .withEnv("DOCKER_TLS_VERIFY", "1")
            .withEnv("DOCKER_CERT_PATH", certDir.toString());
    }

    @Test
    void clientWithCertificateFromTheCaIsServed() throws Exception {
        Path dir = TestCertificates.writeDockerCertDir(certs.resolve("good"), ca, TestCertificates.client(ca));
        var r = tlsClient(dir).ok("version", "--format", "{{.Server.Version}}|{{.Server.APIVersion}}");
        assertThat(r.stdout().strip()).isEqualTo(ApiVersions.ENGINE_VERSION + "|1.44");
    }

    @Test
    void clientWithoutCertificateIsRefused() throws Exception {
        Path dir = TestCertificates.writeDockerCertDir(certs.resolve("nocert"), ca, null);
        var r = tlsClient(dir).run("version", "--format", "{{.Server.Version}}");
        assertThat(r.exitCode()).as(r.describe()).isNotZero();
        assertThat(r.stdout()).doesNotContain(ApiVersions.ENGINE_VERSION);
        assertThat(r.stderr().toLowerCase()).contains("tls").doesNotContain("no such file");
    }

    @Test
    void clientWithCertificateFromAnotherCaIsRefused() throws Exception {
        var otherCa = TestCertificates.ca("someone else");
        Path dir = certs.resolve("foreign");
        TestCertificates.writeDockerCertDir(dir, otherCa, TestCertificates.client(otherCa));
        // trust the real server CA so that only the client certificate is wrong
        java.nio.file.Files.writeString(dir.resolve("ca.pem"), java.nio.file.Files.readString(certs.resolve("server/ca.pem")));
        var r = tlsClient(dir).run("version", "--format", "{{.Server.Version}}");
        assertThat(r.exitCode()).as(r.describe()).isNotZero();
        assertThat(r.stdout()).doesNotContain(ApiVersions.ENGINE_VERSION);
    }

    @Test
    void plainHttpClientIsRefused() {
        var r = new DockerCli(host, certs.resolve("plain-config")).run("version", "--format", "{{.Server.Version}}");
        assertThat(r.exitCode()).as(r.describe()).isNotZero();
        assertThat(r.stdout()).doesNotContain(ApiVersions.ENGINE_VERSION);
    }
}
