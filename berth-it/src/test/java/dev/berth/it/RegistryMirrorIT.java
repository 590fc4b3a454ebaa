package dev.berth.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.berth.testkit.RegistryServer;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code registry-mirrors}: Docker Hub names are served by a local mirror, so {@code docker pull
 * alpine} works offline. The mirror has the image, so Docker Hub itself is never contacted.
 */
class RegistryMirrorIT {
    @RegisterExtension static final RegistryServer mirror = RegistryServer.plain();
    @RegisterExtension static final BerthDaemonExtension berth = new BerthDaemonExtension(
        b -> b.configJson("{\"registry-mirrors\": [\"http://" + mirror.domain() + "\"]}"));

    @TempDir Path tmp;

    @Test
    void dockerHubNamesArePulledFromTheMirror() {
        DockerCli docker = berth.docker();
        String id = docker.runWithStdin(TestImages.busyboxRootfsTar(tmp), "import", "-", "seed:1").assertOk().stdout().strip();
        // seed the mirror the way a pull-through cache would hold it: under library/<name>
        docker.ok("tag", "seed:1", mirror.domain() + "/library/alpine:3.20");
        docker.ok("push", mirror.domain() + "/library/alpine:3.20");
        docker.ok("rmi", "seed:1", mirror.domain() + "/library/alpine:3.20");

        var pull = docker.ok("pull", "alpine:3.20");
        assertThat(pull.stdout()).contains("3.20: Pulling from library/alpine")
            .contains("Status: Downloaded newer image for alpine:3.20");
        assertThat(docker.ok("images", "--format", "{{.Repository}}:{{.Tag}} {{.ID}}", "alpine").stdout().strip())
            .isEqualTo("alpine:3.20 " + id.substring(7, 19));
        assertThat(docker.ok("info", "--format", "{{json .RegistryConfig.Mirrors}}").stdout()).contains(mirror.domain());
    }
}
