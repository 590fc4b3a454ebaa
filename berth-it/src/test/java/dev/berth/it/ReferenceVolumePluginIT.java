package dev.berth.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * The same SDK-built plugin binary that Berth uses, driven by Debian's dockerd: proof that Berth's
 * SDK speaks Docker's real plugin protocol. dockerd only looks in /run/docker/plugins (and the
 * spec directories), so the socket goes there under a unique name and is removed afterwards.
 */
class ReferenceVolumePluginIT {

    @Test
    void dockerdCreatesListsAndRemovesVolumesThroughTheTestPlugin() {
        String name = TestVolumePlugin.uniqueName();
        try (var dockerd = ReferenceDockerd.start();
             var plugin = TestVolumePlugin.start(name, Path.of("/run/docker/plugins", name + ".sock"))) {
            DockerCli docker = dockerd.docker();
            docker.ok("volume", "create", "-d", name, "-o", "note=from-dockerd", "refvol");
            assertThat(plugin.volumeDir("refvol")).isDirectory();
            assertThat(docker.ok("volume", "ls", "--format", "{{.Driver}} {{.Name}}").stdout().lines().toList())
                .contains(name + " refvol");
            assertThat(docker.ok("volume", "inspect", "refvol", "--format", "{{.Driver}} {{.Status.note}} {{.Mountpoint}}").stdout().strip())
                .isEqualTo(name + " from-dockerd " + plugin.volumeDir("refvol"));
            docker.ok("volume", "rm", "refvol");
            assertThat(plugin.volumeDir("refvol")).doesNotExist();
        }
    }
}
