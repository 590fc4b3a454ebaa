package dev.berth.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.berth.testkit.RegistryServer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** docker login, push and pull between berthd and a real registry (Debian's docker-registry) with htpasswd auth. */
class RegistryIT {
    @RegisterExtension static final RegistryServer registry = RegistryServer.withHtpasswd();
    @RegisterExtension static final BerthDaemonExtension berth = new BerthDaemonExtension();

    @TempDir Path tmp;

    private DockerCli docker() { return berth.docker(); }

    private String importBusybox(String ref) {
        return docker().runWithStdin(TestImages.busyboxRootfsTar(tmp), "import", "--change", "CMD [\"sh\"]", "-", ref)
            .assertOk().stdout().strip();
    }

    private void login() {
        docker().runWithStdin(RegistryServer.PASSWORD.getBytes(StandardCharsets.UTF_8),
            "login", "-u", RegistryServer.USER, "--password-stdin", registry.domain()).assertOk();
    }

    @Test
    void pushWithoutCredentialsIsRefusedByTheRegistry() {
        importBusybox("anon:1");
        String remote = registry.domain() + "/team/anon:1";
        docker().ok("tag", "anon:1", remote);
        // a client config of its own: other tests of this class log in
        var push = docker().withEnv("DOCKER_CONFIG", tmp.resolve("anonymous-cli").toString()).run("push", remote);
        assertThat(push.exitCode()).as(push.describe()).isNotZero();
        assertThat(push.stderr() + push.stdout()).contains("unauthorized");
    }

    @Test
    void loginPushRemovePullRoundTrip() {
        String id = importBusybox("roundtrip:1");
        String remote = registry.domain() + "/team/roundtrip:1";
        docker().ok("tag", "roundtrip:1", remote);
        login();
        var push = docker().ok("push", remote);
        assertThat(push.stdout()).contains("The push refers to repository [" + registry.domain() + "/team/roundtrip]")
            .contains("Pushed").containsPattern("1: digest: sha256:[0-9a-f]{64} size: \\d+");
        var again = docker().ok("push", remote);
        assertThat(again.stdout()).contains("Layer already exists");

        docker().ok("rmi", "roundtrip:1", remote);
        var pull = docker().ok("pull", remote);
        // the layer may still be here from another test's image: then it "Already exists"
        assertThat(pull.stdout()).containsAnyOf("Pull complete", "Already exists")
            .containsPattern("Digest: sha256:[0-9a-f]{64}").contains("Status: Downloaded newer image for " + remote);
        assertThat(docker().ok("image", "inspect", "--format", "{{.Id}}", remote).stdout().strip()).isEqualTo(id);
        assertThat(docker().ok("image", "inspect", "--format", "{{index .RepoDigests 0}}", remote).stdout())
            .startsWith(registry.domain() + "/team/roundtrip@sha256:");
        assertThat(docker().ok("pull", remote).stdout()).contains("Status: Image is up to date for " + remote);
    }

    @Test
    void pullOfAnUnknownTagSaysWhatIsMissing() {
        login();
        var pull = docker().run("pull", registry.domain() + "/team/nothere:7");
        assertThat(pull.exitCode()).isNotZero();
        assertThat(pull.stderr()).contains("manifest for " + registry.domain() + "/team/nothere:7 not found");
        docker().ok("version");
    }

    @Test
    void wrongPasswordIsRefusedAtLogin() {
        var login = docker().runWithStdin("wrong".getBytes(StandardCharsets.UTF_8),
            "login", "-u", RegistryServer.USER, "--password-stdin", registry.domain());
        assertThat(login.exitCode()).isNotZero();
        assertThat(login.stderr()).containsIgnoringCase("unauthorized");
    }
}
