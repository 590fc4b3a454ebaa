package dev.berth.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The same builds on Berth and on the reference dockerd 20.10, compared: what {@code docker build}
 * prints (image and container IDs masked), the history each step leaves, the resulting config,
 * the cache on a second build and a failing RUN. (A RUN writes to one stream only: the order
 * in which stdout and stderr interleave is not deterministic.) COPY/ADD checksums are masked: dockerd's are
 * tarsums, Berth's its own content hash (both only serve as cache keys).
 */
class BuildParityIT {
    @RegisterExtension static final BerthDaemonExtension berth = new BerthDaemonExtension();
    @RegisterExtension static final ReferenceDockerdExtension dockerd = new ReferenceDockerdExtension();
    @TempDir static Path ctx;

    @BeforeAll
    static void start() throws IOException {
        Path tar = TestImages.busyboxRootfsTar(berth.daemon().scratch());
        berth.docker().ok("import", tar.toString(), "busybox:latest");
        dockerd.docker().ok("import", tar.toString(), "busybox:latest");
        Files.writeString(ctx.resolve("a.txt"), "hello\n");
        Files.createDirectories(ctx.resolve("d/sub"));
        Files.writeString(ctx.resolve("d/sub/x"), "x\n");
        Files.writeString(ctx.resolve("Dockerfile"), """
            ARG BASE=busybox
            FROM ${BASE} AS first
            RUN echo first > /first
            FROM busybox
            MAINTAINER Jane <jane@example.com>
            ARG V=1
            ENV FOO=bar \\
                BAZ="q x"
            LABEL a=b "c d"=e
            WORKDIR /app
            COPY a.txt /app/
            ADD d /data
            COPY --from=first /first /first
            RUN echo hi $FOO $V
            RUN echo err >&2
            EXPOSE 80 443/udp
            VOLUME /var/cache
            USER nobody
            STOPSIGNAL SIGQUIT
            HEALTHCHECK --interval=30s --retries=3 CMD true
            ONBUILD RUN echo child
            ENTRYPOINT ["sh", "-c"]
            CMD ["echo", "hi"]
            """);
        Files.writeString(ctx.resolve("Failing"), "FROM busybox\nRUN echo failing && exit 7\n");
    }

    @AfterAll
    static void stop() {
        ContainerCleanup.removeAll(berth.daemon());
    }

    private static DockerCli legacy(DockerCli cli) {
        return cli.withEnv("DOCKER_BUILDKIT", "0");
    }

    private static String masked(String text) {
        return text.replaceAll("(file|dir|multi):[0-9a-f]{64}", "$1:HASH").replaceAll("[0-9a-f]{64}", "LONGID").replaceAll("[0-9a-f]{12}", "ID")
            .replaceAll("Sending build context to Docker daemon .*\n", "");
    }

    private static String[] both(String... args) {
        return new String[] {masked(legacy(berth.docker()).ok(args).stdout()), masked(legacy(dockerd.docker()).ok(args).stdout())};
    }

    @Test
    void sameOutputHistoryConfigAndCache() {
        String[] first = both("build", "--build-arg", "V=2", "-t", "parity:1", ctx.toString());
        assertThat(first[0]).isEqualTo(first[1]);
        String[] history = both("history", "--no-trunc", "--format", "{{.CreatedBy}}|{{.Comment}}", "parity:1");
        assertThat(history[0]).isEqualTo(history[1]);
        String[] config = both("image", "inspect", "-f", "{{json .Config}}|{{json .ContainerConfig.Cmd}}|{{.Author}}", "parity:1");
        assertThat(config[0]).isEqualTo(config[1]);
        String[] cached = both("build", "--build-arg", "V=2", "-t", "parity:1", ctx.toString());
        assertThat(cached[0]).isEqualTo(cached[1]).contains(" ---> Using cache");
        String[] quiet = both("build", "-q", "--build-arg", "V=2", ctx.toString());
        assertThat(quiet[0]).isEqualTo(quiet[1]);
    }

    @Test
    void sameFailure() {
        var mine = legacy(berth.docker()).run("build", "-f", ctx.resolve("Failing").toString(), ctx.toString());
        var theirs = legacy(dockerd.docker()).run("build", "-f", ctx.resolve("Failing").toString(), ctx.toString());
        assertThat(mine.exitCode()).isEqualTo(theirs.exitCode()).isEqualTo(7);
        assertThat(masked(mine.stdout())).isEqualTo(masked(theirs.stdout()));
        assertThat(mine.stderr()).isEqualTo(theirs.stderr());
    }
}
