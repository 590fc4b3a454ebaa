package dev.berth.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code docker build} through the classic builder ({@code POST /build}) with the real docker CLI,
 * on the seeds' Dockerfiles adapted to the local busybox.
 *
 * <p>Every build runs with {@code DOCKER_BUILDKIT=0}: docker CLI 28 hands {@code docker build}
 * to the buildx plugin when one is installed (BuildKit over {@code /session} and gRPC, which
 * Berth does not serve); {@code DOCKER_BUILDKIT=0} pins the legacy path, which uses
 * {@code POST /build} whatever the daemon advertises. Without buildx the CLI takes the same path
 * and only adds a deprecation warning.
 */
class BuildIT extends BusyboxContainers {
    @org.junit.jupiter.api.extension.RegisterExtension
    static final dev.berth.testkit.RegistryServer registry = dev.berth.testkit.RegistryServer.plain();

    @TempDir Path ctx;

    private DockerCli cli() {
        return docker().withEnv("DOCKER_BUILDKIT", "0");
    }

    /** Removes every image but busybox: the tagged results and the intermediate images below them. */
    @AfterEach
    void removeImages() {
        String busybox = cli().ok("image", "inspect", "-f", "{{.Id}}", "busybox:latest").stdout().strip();
        for (int round = 0; round < 3; round++) {
            var left = cli().ok("images", "-a", "-q", "--no-trunc").stdout().lines().filter(id -> !id.equals(busybox)).toList();
            if (left.isEmpty()) return;
            for (String id : left) cli().run("rmi", "-f", id);
        }
        assertThat(cli().ok("images", "-a", "-q", "--no-trunc").stdout().strip()).isEqualTo(busybox);
    }

    private Path write(String name, String content) throws IOException {
        Path p = ctx.resolve(name);
        Files.createDirectories(p.getParent());
        return Files.writeString(p, content);
    }

    @Test
    void seedAppImageWithMaintainerAddAndCmd() throws IOException {
        write("index.php", "<?php echo 'hello'; ?>\n");
        write("Dockerfile", """
            FROM busybox
            MAINTAINER Seed <seed@example.com>
            ADD index.php /var/www/html/
            CMD ["cat", "/var/www/html/index.php"]
            """);
        var build = cli().run("build", "-t", "app1:php-5.6", ctx.toString());
        assertThat(build.exitCode()).as(build.describe()).isZero();
        assertThat(build.stdout()).contains("Step 1/4 : FROM busybox", "Step 3/4 : ADD index.php /var/www/html/",
            "Successfully built ", "Successfully tagged app1:php-5.6");
        assertThat(cli().ok("run", "--rm", "app1:php-5.6").stdout()).isEqualTo("<?php echo 'hello'; ?>\n");
        assertThat(cli().ok("image", "inspect", "-f", "{{.Author}}|{{json .Config.Cmd}}", "app1:php-5.6").stdout().strip())
            .isEqualTo("Seed <seed@example.com>|[\"cat\",\"/var/www/html/index.php\"]");
    }

    @Test
    void aptCacherLikeImageWithVolumeRunExposeCmd() throws IOException {
        write("Dockerfile", """
            FROM busybox
            VOLUME ["/var/cache/apt-cacher-ng"]
            RUN mkdir -p /etc/apt-cacher-ng && echo 'Port:3142' > /etc/apt-cacher-ng/acng.conf
            EXPOSE 3142
            CMD chmod 777 /var/cache/apt-cacher-ng && cat /etc/apt-cacher-ng/acng.conf
            """);
        var build = cli().run("build", "-t", "apt-cacher", ctx.toString());
        assertThat(build.exitCode()).as(build.describe()).isZero();
        assertThat(build.stdout()).containsPattern(" ---> Running in [0-9a-f]{12}\n")
            .containsPattern("Removing intermediate container [0-9a-f]{12}\n");
        String inspect = cli().ok("image", "inspect", "-f",
            "{{json .Config.Volumes}}|{{json .Config.ExposedPorts}}|{{json .Config.Cmd}}|{{json .ContainerConfig.Cmd}}",
            "apt-cacher").stdout().strip();
        assertThat(inspect).isEqualTo("{\"/var/cache/apt-cacher-ng\":{}}|{\"3142/tcp\":{}}|"
            + "[\"/bin/sh\",\"-c\",\"chmod 777 /var/cache/apt-cacher-ng && cat /etc/apt-cacher-ng/acng.conf\"]|"
            + "[\"/bin/sh\",\"-c\",\"#(nop) \",\"CMD [\\\"/bin/sh\\\" \\\"-c\\\" \\\"chmod 777 /var/cache/apt-cacher-ng && cat /etc/apt-cacher-ng/acng.conf\\\"]\"]");
        assertThat(cli().ok("run", "--rm", "apt-cacher", "cat", "/etc/apt-cacher-ng/acng.conf").stdout()).isEqualTo("Port:3142\n");
        assertThat(cli().ok("history", "--no-trunc", "--format", "{{.CreatedBy}}", "apt-cacher").stdout())
            .contains("/bin/sh -c #(nop)  EXPOSE 3142", "/bin/sh -c mkdir -p /etc/apt-cacher-ng");
    }

    @Test
    void secondBuildHitsTheCacheAndAChangedFileInvalidatesFromItsStep() throws IOException {
        write("a.txt", "one\n");
        write("Dockerfile", """
            FROM busybox
            ENV A=1
            RUN echo built > /built
            COPY a.txt /a.txt
            RUN cat /a.txt > /copy
            """);
        var first = cli().run("build", "-t", "cached", ctx.toString());
        assertThat(first.exitCode()).as(first.describe()).isZero();
        String id1 = cli().ok("image", "inspect", "-f", "{{.Id}}", "cached").stdout().strip();

        var second = cli().run("build", "-t", "cached", ctx.toString());
        assertThat(second.exitCode()).as(second.describe()).isZero();
        assertThat(second.stdout().split(" ---> Using cache\n", -1)).hasSize(5);
        assertThat(second.stdout()).doesNotContain("Running in");
        assertThat(cli().ok("image", "inspect", "-f", "{{.Id}}", "cached").stdout().strip()).isEqualTo(id1);

        write("a.txt", "two\n");
        var third = cli().run("build", "-t", "cached", ctx.toString());
        assertThat(third.exitCode()).as(third.describe()).isZero();
        assertThat(third.stdout().split(" ---> Using cache\n", -1)).hasSize(3); // ENV and the first RUN only
        assertThat(cli().ok("run", "--rm", "cached", "cat", "/copy").stdout()).isEqualTo("two\n");

        var noCache = cli().run("build", "--no-cache", "-t", "cached", ctx.toString());
        assertThat(noCache.stdout()).doesNotContain("Using cache");
    }

    @Test
    void multiStageBuildCopiesFromAnEarlierStage() throws IOException {
        write("Dockerfile", """
            ARG BASE=busybox
            FROM ${BASE} AS builder
            WORKDIR /src
            RUN echo artifact > out.txt && mkdir -p dist && echo lib > dist/lib.txt
            FROM busybox
            COPY --from=builder /src/out.txt /app/
            COPY --from=0 /src/dist /app/dist
            CMD ["cat", "/app/out.txt", "/app/dist/lib.txt"]
            """);
        var build = cli().run("build", "-t", "multi", ctx.toString());
        assertThat(build.exitCode()).as(build.describe()).isZero();
        assertThat(build.stdout()).contains("Step 1/8 : ARG BASE=busybox", "Step 2/8 : FROM ${BASE} AS builder");
        assertThat(cli().ok("run", "--rm", "multi").stdout()).isEqualTo("artifact\nlib\n");
    }

    @Test
    void failingRunExitsWithItsCodeAndLeavesNoContainer() throws IOException {
        write("Dockerfile", """
            FROM busybox
            RUN echo about to fail && exit 3
            """);
        var build = cli().run("build", ctx.toString());
        assertThat(build.exitCode()).isEqualTo(3);
        assertThat(build.stdout()).contains("about to fail");
        assertThat(build.stderr()).contains("The command '/bin/sh -c echo about to fail && exit 3' returned a non-zero code: 3");
        assertThat(cli().ok("ps", "-a", "-q").stdout()).isEmpty();

        write("Dockerfile", "FROM busybox\nRUN false\n");
        var plain = cli().run("build", ctx.toString());
        assertThat(plain.exitCode()).isEqualTo(1);
        assertThat(plain.stderr()).contains("The command '/bin/sh -c false' returned a non-zero code: 1");
        assertThat(cli().ok("ps", "-a", "-q").stdout()).isEmpty();
    }

    @Test
    void parseErrorIsAnErrorResponse() throws IOException {
        write("Dockerfile", "FROM busybox\nFOO bar\n");
        var build = cli().run("build", ctx.toString());
        assertThat(build.exitCode()).isEqualTo(1);
        assertThat(build.stderr()).contains("dockerfile parse error line 2: unknown instruction: FOO");
    }

    @Test
    void buildArgsTargetQuietIidfileDockerfileOutsideContextAndDockerignore(@TempDir Path elsewhere) throws IOException {
        write("keep.txt", "keep\n");
        write("secret.txt", "secret\n");
        write(".dockerignore", "secret.txt\n");
        Path dockerfile = Files.writeString(elsewhere.resolve("Build.dockerfile"), """
            FROM busybox AS first
            ARG GREETING=hello
            RUN echo "$GREETING" > /greeting
            COPY *.txt /files/
            FROM first AS second
            RUN echo second > /second
            """);
        Path iid = elsewhere.resolve("iid");
        var build = cli().run("build", "-q", "-f", dockerfile.toString(), "--build-arg", "GREETING=hi there",
            "--target", "first", "--iidfile", iid.toString(), "-t", "args:1", "-t", "args:2", ctx.toString());
        assertThat(build.exitCode()).as(build.describe()).isZero();
        String id = Files.readString(iid).strip();
        assertThat(id).startsWith("sha256:");
        assertThat(build.stdout().strip()).isEqualTo(id);
        assertThat(cli().ok("image", "inspect", "-f", "{{.Id}}", "args:2").stdout().strip()).isEqualTo(id);
        assertThat(cli().ok("run", "--rm", "args:1", "cat", "/greeting").stdout()).isEqualTo("hi there\n");
        assertThat(cli().ok("run", "--rm", "args:1", "ls", "/files").stdout()).isEqualTo("keep.txt\n");
        assertThat(cli().run("run", "--rm", "args:1", "cat", "/second").exitCode()).isNotZero();
    }

    @Test
    void labelsAndScratchStages() throws IOException {
        write("hello.txt", "hi\n");
        write("Dockerfile", """
            FROM scratch
            LABEL stage=scratch
            COPY hello.txt /
            """);
        var build = cli().run("build", "--label", "team=berth", "-t", "scratchy", ctx.toString());
        assertThat(build.exitCode()).as(build.describe()).isZero();
        assertThat(cli().ok("image", "inspect", "-f", "{{json .Config.Labels}}|{{len .RootFS.Layers}}", "scratchy").stdout().strip())
            .isEqualTo("{\"stage\":\"scratch\",\"team\":\"berth\"}|1");
    }

    @Test
    void copyOwnersAddUnpacksArchivesAndNetworkModeReachesRun() throws IOException {
        write("a.txt", "a\n");
        var gz = new java.io.ByteArrayOutputStream();
        try (var t = new org.apache.commons.compress.archivers.tar.TarArchiveOutputStream(new java.util.zip.GZIPOutputStream(gz))) {
            var e = new org.apache.commons.compress.archivers.tar.TarArchiveEntry("inner/x.txt");
            e.setSize(2);
            t.putArchiveEntry(e);
            t.write("x\n".getBytes());
            t.closeArchiveEntry();
        }
        Files.write(ctx.resolve("files.tar.gz"), gz.toByteArray());
        write("Dockerfile", """
            FROM busybox
            ENV DEST=/opt/app
            COPY --chown=nobody:nogroup a.txt $DEST/
            ADD files.tar.gz /unpacked/
            COPY --chown=1234 ["a.txt", "/numeric"]
            USER nobody
            RUN stat -c '%u:%g' $DEST/a.txt /numeric > /tmp/owners && cat /unpacked/inner/x.txt && ls /sys/class/net
            """);
        var build = cli().run("build", "--network", "none", "-t", "owners", ctx.toString());
        assertThat(build.exitCode()).as(build.describe()).isZero();
        assertThat(build.stdout()).contains("x\nlo\n");
        assertThat(cli().ok("run", "--rm", "owners", "cat", "/tmp/owners").stdout()).isEqualTo("65534:65534\n1234:1234\n");
        assertThat(cli().ok("image", "inspect", "-f", "{{.Config.User}}", "owners").stdout().strip()).isEqualTo("nobody");
    }

    @Test
    void missingBaseIsPulledAndPullRefreshesIt() throws IOException {
        String base = registry.domain() + "/build/base:1";
        cli().ok("tag", "busybox:latest", base);
        cli().ok("push", base);
        cli().ok("rmi", base);
        write("Dockerfile", "FROM " + base + "\nRUN echo pulled\n");
        var build = cli().run("build", "-t", "from-registry", ctx.toString());
        assertThat(build.exitCode()).as(build.describe()).isZero();
        assertThat(build.stdout()).contains("Step 1/2 : FROM " + base, "pulled");
        var pull = cli().run("build", "--pull", "-t", "from-registry", ctx.toString());
        assertThat(pull.exitCode()).as(pull.describe()).isZero();
        assertThat(pull.stdout()).contains("Status: Image is up to date for " + base).contains("Using cache");
        cli().run("rmi", base);
    }

    @Test
    void contextsFromStdinPlainDockerfileAndCompressedTars(@TempDir Path elsewhere) throws Exception {
        var plain = cli().runWithStdin("FROM busybox\nRUN echo from-stdin\n".getBytes(), "build", "-");
        assertThat(plain.exitCode()).as(plain.describe()).isZero();
        assertThat(plain.stdout()).contains("from-stdin", "Successfully built");
        write("keep.txt", "kept\n");
        write("Dockerfile", "FROM busybox\nCOPY keep.txt /\n");
        for (String flag : new String[] {"-czf", "-cjf", "-cJf"}) {
            Path archive = elsewhere.resolve("ctx" + flag);
            var tar = new ProcessBuilder("tar", flag, archive.toString(), "-C", ctx.toString(), ".").inheritIO().start();
            assertThat(tar.waitFor()).isZero();
            var build = cli().runWithStdin(archive, "build", "-t", "compressed", "-");
            assertThat(build.exitCode()).as(flag + "\n" + build.describe()).isZero();
            assertThat(cli().ok("run", "--rm", "compressed", "cat", "/keep.txt").stdout()).isEqualTo("kept\n");
        }
    }

    @Test
    void cacheFromALoadedImageRebuildsTheSameImage(@TempDir Path elsewhere) throws IOException {
        write("a.txt", "a\n");
        write("Dockerfile", """
            FROM busybox
            ENV A=1
            COPY a.txt /a.txt
            RUN cat /a.txt > /b.txt
            CMD ["cat", "/b.txt"]
            """);
        cli().ok("build", "-t", "cf:1", ctx.toString());
        String id = cli().ok("image", "inspect", "-f", "{{.Id}}", "cf:1").stdout().strip();
        Path saved = elsewhere.resolve("cf.tar");
        cli().ok("save", "-o", saved.toString(), "cf:1");
        removeImages(); // the loaded image comes without its chain of intermediate images, as from a registry
        cli().ok("load", "-i", saved.toString());

        var without = cli().run("build", ctx.toString());
        assertThat(without.stdout()).doesNotContain("Using cache");
        var with = cli().run("build", "--cache-from", "cf:1", "--cache-from", "missing:1", "-t", "cf:2", ctx.toString());
        assertThat(with.exitCode()).as(with.describe()).isZero();
        assertThat(with.stdout().split(" ---> Using cache\n", -1)).hasSize(5);
        assertThat(cli().ok("image", "inspect", "-f", "{{.Id}}", "cf:2").stdout().strip()).isEqualTo(id);
    }
}
