package dev.berth.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * {@link ContainerVolumesContract} against berthd, plus what only Berth has or what needs Berth's
 * harness: size-limited volumes and writable layers, volumes in use across a daemon crash, and a
 * volume plugin (the SDK-built test plugin) used by a container.
 */
class ContainerVolumesIT extends ContainerVolumesContract {
    @RegisterExtension static final BerthDaemonExtension berth = new BerthDaemonExtension();

    @BeforeAll
    static void importBusybox() {
        Path tar = TestImages.busyboxRootfsTar(berth.daemon().scratch());
        berth.docker().ok("import", tar.toString(), "busybox:latest");
    }

    @Override protected DockerCli docker() { return berth.docker(); }

    @Override protected Path dataRoot() { return berth.daemon().dataRoot(); }

    @Override protected Path scratch() { return berth.daemon().scratch(); }

    @Override protected void removeContainers() { ContainerCleanup.removeAll(berth.daemon()); }

    @Test
    void aSizeLimitedVolumeRefusesWritesPastItsSize() {
        docker().ok("volume", "create", "-o", "size=20m", "itcv-small");
        var dd = docker().run("run", "--rm", "-v", "itcv-small:/small", "busybox", "dd", "if=/dev/zero", "of=/small/big", "bs=1M", "count=40");
        assertThat(dd.exitCode()).isEqualTo(1);
        assertThat(dd.stderr()).contains("No space left on device");
        assertThat(sh("run", "--rm", "-v", "itcv-small:/small", "busybox", "sh", "-c", "echo fits > /small/ok && cat /small/ok"))
            .isEqualTo("fits");
        assertThat(loopDevicesOfThisDaemon()).isEmpty(); // unmounted after the last container stopped
        docker().ok("volume", "rm", "itcv-small");
    }

    @Test
    void storageOptSizeLimitsTheWritableLayer() {
        var dd = docker().run("run", "--name", "limited", "--storage-opt", "size=20m", "busybox",
            "dd", "if=/dev/zero", "of=/big", "bs=1M", "count=40");
        assertThat(dd.exitCode()).isEqualTo(1);
        assertThat(dd.stderr()).contains("No space left on device");
        assertThat(sh("inspect", "limited", "--format", "{{json .HostConfig.StorageOpt}}")).isEqualTo("{\"size\":\"20m\"}");
        docker().ok("rm", "limited");
        assertThat(loopDevicesOfThisDaemon()).isEmpty();
        var bad = docker().run("run", "--rm", "--storage-opt", "foo=1", "busybox", "true");
        assertThat(bad.exitCode()).isEqualTo(125);
        assertThat(bad.stderr()).contains("Unknown option foo");
    }

    @Test
    void volumesStayInUseAcrossADaemonCrashAndAreReleasedWhenTheContainerStops() {
        docker().ok("volume", "create", "-o", "size=20m", "itcv-live");
        docker().ok("run", "-d", "--name", "live", "-v", "itcv-live:/d", "-v", "itcv-idle:/i", "busybox", "sleep", "1000");
        docker().ok("create", "--name", "idle", "-v", "itcv-idle:/i", "busybox", "true");
        String id = sh("inspect", "live", "--format", "{{.Id}}");
        assertThat(loopDevicesOfThisDaemon()).hasSize(1);

        berth.daemon().crashAndRestart();

        assertThat(docker().run("volume", "rm", "itcv-live").stderr()).contains("remove itcv-live: volume is in use - [" + id + "]");
        assertThat(docker().run("volume", "rm", "itcv-idle").stderr()).contains("volume is in use");
        assertThat(docker().ok("volume", "ls", "-q", "-f", "dangling=true").stdout()).isBlank();
        docker().ok("stop", "-t", "0", "live");
        assertThat(loopDevicesOfThisDaemon()).isEmpty(); // the restored mount was counted, so the stop unmounted it
        docker().ok("rm", "live", "idle");
        docker().ok("volume", "rm", "itcv-live", "itcv-idle");
    }

    @Test
    void aPluginVolumeIsMountedForTheContainerWithItsId() {
        String name = TestVolumePlugin.uniqueName();
        try (var plugin = TestVolumePlugin.start(name, Path.of("/run/docker/plugins", name + ".sock"))) {
            docker().ok("run", "-d", "--name", "plugged", "-v", "itcv-remote:/data", "--volume-driver", name, "busybox", "sh", "-c",
                "echo via-plugin > /data/f; sleep 1000");
            String id = sh("inspect", "plugged", "--format", "{{.Id}}");
            assertThat(sh("exec", "plugged", "cat", "/data/f")).isEqualTo("via-plugin");
            assertThat(plugin.volumeDir("itcv-remote").resolve("f")).hasContent("via-plugin");
            assertThat(sh("volume", "inspect", "itcv-remote", "--format", "{{.Driver}} {{.Status.mounts}}")).isEqualTo(name + " 1");
            assertThat(sh("inspect", "plugged", "--format", "{{range .Mounts}}{{.Driver}} {{.Source}}{{end}}"))
                .isEqualTo(name + " " + plugin.volumeDir("itcv-remote"));
            assertThat(plugin.output()).doesNotContain("Exception");
            docker().ok("stop", "-t", "0", "plugged");
            assertThat(sh("volume", "inspect", "itcv-remote", "--format", "{{.Status.mounts}}")).isEqualTo("0");
            assertThat(docker().run("volume", "rm", "itcv-remote").stderr()).contains("volume is in use - [" + id + "]");
            docker().ok("rm", "plugged");

            assertThat(sh("run", "--rm", "--mount", "type=volume,source=itcv-remote,target=/d,volume-driver=" + name, "busybox",
                "cat", "/d/f")).isEqualTo("via-plugin");
            docker().ok("volume", "rm", "itcv-remote");
            assertThat(plugin.volumeDir("itcv-remote")).doesNotExist();
        }
    }

    /** Loop devices whose backing file lies under this daemon's directory. */
    private List<String> loopDevicesOfThisDaemon() {
        try {
            var p = new ProcessBuilder("losetup", "-a").redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes());
            p.waitFor();
            String marker = berth.daemon().dataRoot().toString();
            return out.lines().filter(l -> l.contains(marker)).toList();
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }
}
