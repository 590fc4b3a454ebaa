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
 * Containers with volumes, binds and tmpfs mounts as a user of the docker CLI sees them: the
 * seeds' scenarios (data kept by named volumes, a shared volume, a data-only container and a
 * {@code --volumes-from} backup), inspect's {@code Mounts}, image volumes filled from the image,
 * bind propagation and bad input. Runs against Berth ({@link ContainerVolumesIT}) and, to keep
 * the expectations Docker's, against a reference dockerd. The engine has {@code busybox:latest}.
 */
abstract class ContainerVolumesContract {
    protected Path work;

    protected abstract DockerCli docker();

    /** The engine's data root (volumes live in {@code volumes/<name>/_data}). */
    protected abstract Path dataRoot();

    /** Where the test's work directories go. */
    protected abstract Path scratch();

    /** Removes every container, also after a failure. */
    protected abstract void removeContainers();

    @BeforeEach
    void workDir() throws IOException {
        work = Files.createTempDirectory(scratch(), "vol-");
    }

    @AfterEach
    void cleanUpVolumes() {
        removeContainers(); // containers first: they hold the volumes
        String all = docker().run("volume", "ls", "-q").stdout().strip();
        if (!all.isEmpty()) {
            var argv = new java.util.ArrayList<>(List.of("volume", "rm", "-f"));
            argv.addAll(List.of(all.split("\\s+")));
            docker().run(argv.toArray(String[]::new));
        }
        docker().run("rmi", "-f", "berth-it-volimg:1");
        ScratchDir.deleteRecursively(work);
    }

    protected String sh(String... argv) {
        return docker().ok(argv).stdout().strip();
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
        String usage = docker().ok("system", "df", "-v").stdout().lines().filter(l -> l.startsWith("itcv-shared ")).findFirst().orElseThrow();
        assertThat(usage.split("\\s+")[1]).as(usage).isEqualTo("1"); // LINKS: the writer

        var events = docker().ok("events", "--since", "0", "--until", Long.toString(java.time.Instant.now().getEpochSecond() + 1),
            "--filter", "type=volume", "--filter", "event=mount", "--filter", "volume=itcv-shared",
            "--format", "{{.Actor.Attributes.container}} {{index .Actor.Attributes \"destination\"}} {{index .Actor.Attributes \"read/write\"}}");
        assertThat(events.stdout().lines().toList()).contains(id + " /shared true");
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
        assertThat(mountpoint).isEqualTo(dataRoot().resolve("volumes/itcv-seen/_data"));
        assertThat(Files.readString(mountpoint.resolve("f")).strip()).isEqualTo("on-host");

        List<String> mounts = docker().ok("inspect", "mnt", "--format",
            "{{range .Mounts}}{{.Type}}|{{.Name}}|{{.Source}}|{{.Destination}}|{{.Driver}}|{{.Mode}}|{{.RW}}|{{.Propagation}}\n{{end}}")
            .stdout().lines().filter(l -> !l.isBlank())
            .sorted(java.util.Comparator.comparing((String l) -> l.split("\\|")[3])).toList(); // dockerd: map order
        assertThat(mounts).hasSize(4);
        assertThat(mounts.get(0)).matches("volume\\|[0-9a-f]{64}\\|" + dataRoot() + "/volumes/[0-9a-f]{64}/_data\\|/anon\\|local\\|\\|true\\|");
        assertThat(mounts.get(1)).isEqualTo("bind||" + host + "|/h||ro|false|rprivate");
        assertThat(mounts.get(2)).isEqualTo("tmpfs|||/t|||true|");
        assertThat(mounts.get(3)).isEqualTo("volume|itcv-seen|" + mountpoint + "|/v|local|z|true|");
        // the CLI sends -v in no particular order
        assertThat(sh("inspect", "mnt", "--format", "{{range .HostConfig.Binds}}{{println .}}{{end}}").lines())
            .containsExactlyInAnyOrder("itcv-seen:/v", host + ":/h:ro");
        assertThat(sh("inspect", "mnt", "--format", "{{json .HostConfig.Mounts}}"))
            .isEqualTo("[{\"Type\":\"tmpfs\",\"Target\":\"/t\",\"TmpfsOptions\":{\"SizeBytes\":1048576}}]");
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
    void dockerCpReachesVolumesAndBindsOfStoppedAndRunningContainers() throws IOException {
        Path src = Files.createDirectories(work.resolve("site"));
        Files.writeString(src.resolve("index.html"), "<h1>hi</h1>\n");
        Path bind = Files.createDirectories(work.resolve("bind"));
        // the helper-container pattern: a stopped container only gives cp a way into the volume
        docker().ok("create", "--name", "helper", "-v", "itcv-site:/site", "-v", "itcv-ro:/ro:ro", "-v", bind + ":/b", "busybox", "true");
        docker().ok("cp", src + "/.", "helper:/site");
        docker().ok("cp", src.resolve("index.html").toString(), "helper:/b/");
        assertThat(bind.resolve("index.html")).hasContent("<h1>hi</h1>");
        var ro = docker().run("cp", src.resolve("index.html").toString(), "helper:/ro/");
        assertThat(ro.exitCode()).isEqualTo(1);
        assertThat(ro.stderr()).contains("mounted volume is marked read-only");
        docker().ok("rm", "helper");
        assertThat(sh("run", "--rm", "-v", "itcv-site:/usr/share/html", "busybox", "cat", "/usr/share/html/index.html"))
            .isEqualTo("<h1>hi</h1>");

        docker().ok("run", "-d", "--name", "web", "-v", "itcv-site:/site", "busybox", "sleep", "1000");
        docker().ok("exec", "web", "sh", "-c", "mkdir /site/sub && echo from-web > /site/sub/f");
        docker().ok("cp", "web:/site", work.resolve("out").toString());
        assertThat(work.resolve("out/index.html")).hasContent("<h1>hi</h1>");
        assertThat(work.resolve("out/sub/f")).hasContent("from-web");
        docker().ok("cp", "web:/site/sub/f", work.resolve("f").toString());
        assertThat(work.resolve("f")).hasContent("from-web");
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

    protected void assertRefused(List<String> options, String message) {
        var argv = new java.util.ArrayList<>(List.of("run", "--rm", "--pull", "never"));
        argv.addAll(options);
        argv.addAll(List.of("busybox", "true"));
        var r = docker().run(argv.toArray(String[]::new));
        assertThat(r.exitCode()).as(r.describe()).isEqualTo(125);
        assertThat(r.stderr()).contains(message);
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
            removeContainers();
            for (Path m : mounted) new ProcessBuilder("umount", "-l", m.toString()).start().waitFor();
        }
    }

    private static void host(String... argv) throws Exception {
        var p = new ProcessBuilder(argv).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        assertThat(p.waitFor()).as(String.join(" ", argv) + ": " + out).isZero();
    }

}
