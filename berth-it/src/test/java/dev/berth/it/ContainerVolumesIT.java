package dev.berth.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Containers with volumes, binds and tmpfs mounts through the real docker CLI against berthd: the
 * seeds' scenarios (data kept by named volumes, shared volumes, data-only containers and
 * {@code --volumes-from} backups, size limits) and a volume plugin used by a container.
 */
class ContainerVolumesIT extends BusyboxContainers {
    private Path work;

    @BeforeEach
    void workDir() throws IOException {
        work = Files.createTempDirectory(berth.daemon().scratch(), "vol-");
    }

    @AfterEach
    void cleanUp() {
        ContainerCleanup.removeAll(berth.daemon()); // containers first: they hold the volumes
        String all = docker().run("volume", "ls", "-q").stdout().strip();
        if (!all.isEmpty()) {
            var argv = new java.util.ArrayList<>(List.of("volume", "rm", "-f"));
            argv.addAll(List.of(all.split("\\s+")));
            docker().run(argv.toArray(String[]::new));
        }
        docker().run("rmi", "-f", "berth-it-volimg:1");
        ScratchDir.deleteRecursively(work);
    }

    private String sh(String... argvThenScript) {
        return docker().ok(argvThenScript).stdout().strip();
    }

    @Test
    void dataIsLostAfterRmWithoutVolumesAndKeptWithANamedVolume() {
        docker().ok("run", "--name", "db", "busybox", "sh", "-c", "mkdir -p /var/lib/db && echo row1 > /var/lib/db/table");
        docker().ok("rm", "db");
        assertThat(docker().run("run", "--rm", "--name", "db", "busybox", "cat", "/var/lib/db/table").exitCode()).isEqualTo(1);

        docker().ok("run", "--name", "db", "-v", "itcv-db:/var/lib/db", "busybox", "sh", "-c", "echo row1 > /var/lib/db/table");
        docker().ok("run", "--rm", "--name", "app", "-v", "itcv-db:/data:ro", "busybox", "cat", "/data/table");
        docker().ok("rm", "-v", "db"); // -v removes anonymous volumes only
        assertThat(sh("run", "--rm", "-v", "itcv-db:/var/lib/db", "busybox", "cat", "/var/lib/db/table")).isEqualTo("row1");
        assertThat(docker().ok("volume", "ls", "-q").stdout().lines().toList()).containsExactly("itcv-db");
    }

    @Test
    void oneVolumeIsSharedByTwoContainersAndCannotBeRemovedWhileInUse() {
        docker().ok("run", "-d", "--name", "writer", "-v", "itcv-shared:/shared", "busybox", "sh", "-c",
            "echo from-writer > /shared/a; sleep 1000");
        docker().ok("run", "--rm", "--name", "reader", "-v", "itcv-shared:/s", "busybox", "sh", "-c", "cat /s/a && echo from-reader > /s/b");
        assertThat(sh("exec", "writer", "cat", "/shared/b")).isEqualTo("from-reader");

        String id = sh("inspect", "writer", "--format", "{{.Id}}");
        var rm = docker().run("volume", "rm", "itcv-shared");
        assertThat(rm.exitCode()).isEqualTo(1);
        assertThat(rm.stderr()).contains("remove itcv-shared: volume is in use - [" + id + "]");
        assertThat(docker().ok("volume", "ls", "-q", "-f", "dangling=true").stdout()).doesNotContain("itcv-shared");
        assertThat(sh("ps", "-q", "--no-trunc", "--filter", "volume=itcv-shared")).isEqualTo(id);
        assertThat(sh("ps", "-q", "--no-trunc", "--filter", "volume=/shared")).isEqualTo(id);
        assertThat(sh("ps", "-aq", "--filter", "volume=nothing")).isEmpty();

        docker().ok("rm", "-f", "writer");
        assertThat(docker().ok("volume", "ls", "-q", "-f", "dangling=true").stdout().lines().toList()).contains("itcv-shared");
        docker().ok("volume", "rm", "itcv-shared");
    }

    @Test
    void aDataOnlyContainerIsBackedUpThroughVolumesFromIntoABindMountedHostDirectory() throws Exception {
        docker().ok("create", "-v", "/dbdata", "--name", "dbstore", "busybox", "true");
        docker().ok("run", "--rm", "--volumes-from", "dbstore", "busybox", "sh", "-c", "echo precious > /dbdata/db.txt");
        Path backup = work.resolve("backup"); // missing: -v creates it, as dockerd does
        docker().ok("run", "--rm", "--volumes-from", "dbstore:ro", "-v", backup + ":/backup", "busybox",
            "tar", "cf", "/backup/backup.tar", "/dbdata");
        assertThat(backup.resolve("backup.tar")).isRegularFile();
        var tar = new ProcessBuilder("tar", "-xOf", backup.resolve("backup.tar").toString(), "dbdata/db.txt").start();
        assertThat(new String(tar.getInputStream().readAllBytes()).strip()).isEqualTo("precious");

        var ro = docker().run("run", "--rm", "--volumes-from", "dbstore:ro", "busybox", "touch", "/dbdata/x");
        assertThat(ro.exitCode()).isEqualTo(1);
        assertThat(ro.stderr()).contains("Read-only file system");
        assertThat(sh("inspect", "dbstore", "--format", "{{json .Config.Volumes}}")).isEqualTo("{\"/dbdata\":{}}");

        String volume = sh("inspect", "dbstore", "--format", "{{range .Mounts}}{{.Name}}{{end}}");
        assertThat(volume).matches("[0-9a-f]{64}");
        docker().ok("rm", "-v", "dbstore");
        assertThat(docker().ok("volume", "ls", "-q").stdout()).doesNotContain(volume);
    }

    @Test
    void inspectShowsTheMountpointAndTheMountsAsDockerd() throws IOException {
        Path host = Files.createDirectories(work.resolve("host"));
        docker().ok("volume", "create", "itcv-seen");
        docker().ok("run", "--name", "mnt", "-v", "itcv-seen:/v", "-v", host + ":/h:ro", "-v", "/anon",
            "--mount", "type=tmpfs,target=/t,tmpfs-size=1m", "busybox", "sh", "-c", "echo on-host > /v/f");
        Path mountpoint = Path.of(sh("volume", "inspect", "itcv-seen", "--format", "{{.Mountpoint}}"));
        assertThat(mountpoint).isEqualTo(berth.daemon().dataRoot().resolve("volumes/itcv-seen/_data"));
        assertThat(Files.readString(mountpoint.resolve("f")).strip()).isEqualTo("on-host");

        List<String> mounts = docker().ok("inspect", "mnt", "--format",
            "{{range .Mounts}}{{.Type}}|{{.Name}}|{{.Source}}|{{.Destination}}|{{.Driver}}|{{.Mode}}|{{.RW}}|{{.Propagation}}\n{{end}}")
            .stdout().lines().filter(l -> !l.isBlank()).toList();
        assertThat(mounts).hasSize(4);
        assertThat(mounts.get(0)).matches("volume\\|[0-9a-f]{64}\\|" + berth.daemon().dataRoot() + "/volumes/[0-9a-f]{64}/_data\\|/anon\\|local\\|\\|true\\|");
        assertThat(mounts.get(1)).isEqualTo("bind||" + host + "|/h||ro|false|rprivate");
        assertThat(mounts.get(2)).isEqualTo("tmpfs|||/t|||true|");
        assertThat(mounts.get(3)).isEqualTo("volume|itcv-seen|" + mountpoint + "|/v|local|z|true|");
        assertThat(sh("inspect", "mnt", "--format", "{{json .HostConfig.Binds}} {{json .HostConfig.Mounts}}"))
            .isEqualTo("[\"itcv-seen:/v\",\"" + host + ":/h:ro\"] [{\"Type\":\"tmpfs\",\"Target\":\"/t\",\"TmpfsOptions\":{\"SizeBytes\":1048576}}]");
    }

    @Test
    void imageVolumesBecomeAnonymousVolumesFilledFromTheImage() {
        docker().ok("run", "--name", "seed", "busybox", "sh", "-c", "mkdir -p /seed && echo from-image > /seed/file");
        docker().ok("commit", "-c", "VOLUME /seed", "seed", "berth-it-volimg:1");
        docker().ok("rm", "seed");

        assertThat(sh("run", "--rm", "berth-it-volimg:1", "cat", "/seed/file")).isEqualTo("from-image");
        assertThat(sh("run", "--rm", "-v", "itcv-filled:/seed", "berth-it-volimg:1", "cat", "/seed/file")).isEqualTo("from-image");
        docker().ok("run", "--rm", "-v", "itcv-filled:/seed", "berth-it-volimg:1", "sh", "-c", "echo changed > /seed/file");
        // no longer empty: not filled again
        assertThat(sh("run", "--rm", "-v", "itcv-filled:/seed", "berth-it-volimg:1", "cat", "/seed/file")).isEqualTo("changed");
        assertThat(sh("run", "--rm", "-v", "itcv-nocopy:/seed:nocopy", "berth-it-volimg:1", "ls", "-A", "/seed")).isEmpty();
        assertThat(sh("run", "--rm", "-v", work + ":/seed", "berth-it-volimg:1", "ls", "-A", "/seed")).isEmpty();
        // --rm removed the anonymous volumes of the runs above; the named ones stay
        assertThat(docker().ok("volume", "ls", "-q").stdout().lines().sorted().toList()).containsExactly("itcv-filled", "itcv-nocopy");
    }

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
    void badMountsAreRefusedWithDockerdsMessages() {
        assertRefused(List.of("-v", "/a:/b:c:d"), "invalid volume specification: '/a:/b:c:d'");
        assertRefused(List.of("-v", "itcv-x:/x:bad"), "invalid mode: bad");
        assertRefused(List.of("--volumes-from", "nosuch"), "No such container: nosuch");
        assertRefused(List.of("--mount", "type=bind,source=" + work.resolve("missing") + ",target=/x"),
            "invalid mount config for type \"bind\": bind source path does not exist: " + work.resolve("missing"));
        assertRefused(List.of("-v", "/x:/a", "-v", "/y:/a"), "Duplicate mount point: /a");
        assertRefused(List.of("-v", "bad!name:/x"), "create bad!name: \"bad!name\" includes invalid characters for a local volume name");
        assertThat(docker().ok("volume", "ls", "-q").stdout()).isBlank();
        assertThat(docker().ok("ps", "-aq").stdout()).isBlank();
    }

    private void assertRefused(List<String> options, String message) {
        var argv = new java.util.ArrayList<>(List.of("run", "--rm", "--pull", "never"));
        argv.addAll(options);
        argv.addAll(List.of("busybox", "true"));
        var r = docker().run(argv.toArray(String[]::new));
        assertThat(r.exitCode()).as(r.describe()).isEqualTo(125);
        assertThat(r.stderr()).contains(message);
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

    @Test
    void bindPropagationFollowsTheHostMountAndIsCheckedLikeDockerd() throws Exception {
        Path shared = Files.createDirectories(work.resolve("shared"));
        Path priv = Files.createDirectories(work.resolve("private"));
        List<Path> mounted = new java.util.ArrayList<>();
        try {
            host("mount", "--bind", shared.toString(), shared.toString());
            mounted.add(shared);
            host("mount", "--make-shared", shared.toString());
            host("mount", "--bind", priv.toString(), priv.toString());
            mounted.add(priv);
            host("mount", "--make-private", priv.toString());

            docker().ok("run", "-d", "--name", "prop", "--mount", "type=bind,source=" + shared + ",target=/x,bind-propagation=rshared",
                "busybox", "sleep", "1000");
            Path sub = Files.createDirectories(shared.resolve("sub"));
            host("mount", "-t", "tmpfs", "tmpfs", sub.toString());
            mounted.addFirst(sub);
            Files.writeString(sub.resolve("f"), "propagated\n");
            assertThat(sh("exec", "prop", "cat", "/x/sub/f")).isEqualTo("propagated");
            assertThat(sh("inspect", "prop", "--format", "{{range .Mounts}}{{.Propagation}}{{end}}")).isEqualTo("rshared");

            assertRefused(List.of("-v", priv + ":/p:rslave"), "path " + priv + " is mounted on " + priv + " but it is not a shared or slave mount");
        } finally {
            ContainerCleanup.removeAll(berth.daemon());
            for (Path m : mounted) new ProcessBuilder("umount", "-l", m.toString()).start().waitFor();
        }
    }

    private static void host(String... argv) throws Exception {
        var p = new ProcessBuilder(argv).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        assertThat(p.waitFor()).as(String.join(" ", argv) + ": " + out).isZero();
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
