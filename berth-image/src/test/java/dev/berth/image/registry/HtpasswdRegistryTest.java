package dev.berth.image.registry;

import dev.berth.testkit.RegistryServer;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.berth.common.error.BerthException;
import dev.berth.core.image.ImageReference;
import dev.berth.core.image.RegistryCredentials;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Basic auth against a real docker-registry with an htpasswd (bcrypt) file. */
class HtpasswdRegistryTest {
    @RegisterExtension
    static final RegistryServer registry = RegistryServer.withHtpasswd();

    private final RegistryClient client = new RegistryClient(RegistrySettings.DEFAULT);

    private RegistryCredentials credentials(String password) {
        return new RegistryCredentials(RegistryServer.USER, password, registry.domain(), null, null);
    }

    private ImageReference ref(String text) {
        return ImageReference.parse(registry.domain() + "/" + text);
    }

    @Test
    void loginChecksThePassword() {
        assertThat(client.login(credentials(RegistryServer.PASSWORD))).isEqualTo("Login Succeeded");
        assertThatThrownBy(() -> client.login(credentials("wrong")))
            .isInstanceOf(BerthException.Unauthorized.class)
            .hasMessage("login attempt to http://" + registry.domain() + "/v2/ failed with status: 401 Unauthorized");
    }

    @Test
    void pushAndPullWithCredentials() {
        TestImages.Built built = TestImages.image("amd64", "secret layer");
        PushResult pushed = new ImagePusher(client).push(ref("private/app:1"), credentials(RegistryServer.PASSWORD),
            built.image(), new RecordingProgress());
        MemoryTarget target = new MemoryTarget();
        PullResult pulled = new ImagePuller(client).pull(ref("private/app:1"), credentials(RegistryServer.PASSWORD),
            target, new RecordingProgress());
        assertThat(pulled.digest()).isEqualTo(pushed.digest());
        assertThat(target.committed.values()).containsExactly(built.layerBlobs().getFirst());
    }

    @Test
    void wrongPasswordIsUnauthorized() {
        assertThatThrownBy(() -> new ImagePuller(client).pull(ref("private/app:1"), credentials("wrong"),
                new MemoryTarget(), new RecordingProgress()))
            .isInstanceOf(BerthException.Unauthorized.class)
            .hasMessage("unauthorized: authentication required");
        assertThatThrownBy(() -> new ImagePusher(client).push(ref("private/other:1"), credentials("wrong"),
                TestImages.image("amd64", "nope").image(), new RecordingProgress()))
            .isInstanceOf(BerthException.Unauthorized.class)
            .hasMessage("unauthorized: authentication required");
    }

    @Test
    void anonymousPullIsAccessDeniedInDockerdWords() {
        assertThatThrownBy(() -> new ImagePuller(client).pull(ref("private/app:1"), RegistryCredentials.NONE,
                new MemoryTarget(), new RecordingProgress()))
            .isInstanceOf(BerthException.NotFound.class)
            .hasMessageStartingWith("pull access denied for " + registry.domain()
                + "/private/app, repository does not exist or may require 'docker login': ");
    }
}
