package dev.berth.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.berth.testkit.RegistryServer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * docker-compose 1.29 against berthd, one command at a time, as a user sees it: what compose
 * prints, what {@code ps} shows, and what the docker CLI sees of the containers, volumes and
 * networks it made.
 */
class ComposeIT extends ComposeProjects {
    @RegisterExtension static final RegistryServer registry = RegistryServer.plain();

    /** One service that says when it starts and stops; init so that SIGTERM reaches the shell. */
    private static final String TICKER = """
        version: "2.4"
        services:
          app:
            image: busybox:latest
            init: true
            network_mode: none
            labels:
              dev.berth.it.role: ticker
            command: sh -c 'i=0; echo started; trap "echo bye; exit 0" TERM; while true; do i=$$((i+1)); echo tick $$i; sleep 1; done'
        """;

    @Test
    void upPsLogsExecRunStopStartRestartRmAndDown() {
        var c = project(TICKER);
        String app = c.project() + "_app_1";
        assertThat(c.ok("up", "-d").stderr()).contains("Creating " + app + " ... done");
        assertThat(psLine(c, app)).contains(" Up");
        assertThat(c.ok("logs", "--no-color").stdout()).contains("app_1  | started");
        assertThat(c.ok("exec", "-T", "app", "sh", "-c", "echo inside $HOSTNAME").stdout()).startsWith("inside ");

        var once = c.ok("run", "--rm", "app", "echo", "once");
        assertThat(once.stdout()).contains("once");
        assertThat(docker().ok("ps", "-a", "--format", "{{.Names}}").stdout().strip()).isEqualTo(app); // the one-off is gone
        // without the docker CLI compose attaches after the start, when a short command may be over: it must not hang
        assertThat(c.withEnv("COMPOSE_INTERACTIVE_NO_CLI", "1").run(Duration.ofSeconds(60), "run", "--rm", "-T", "app", "true")
            .exitCode()).isZero();
        assertThat(docker().ok("ps", "-a", "--format", "{{.Names}}").stdout().strip()).isEqualTo(app);

        assertThat(c.ok("stop").stderr()).contains("Stopping " + app + " ... done");
        assertThat(psLine(c, app)).contains("Exit 0");
        assertThat(c.ok("logs", "--no-color").stdout()).contains("app_1  | bye");
        c.ok("start");
        assertThat(psLine(c, app)).contains(" Up");
        assertThat(c.ok("restart").stderr()).contains("Restarting " + app + " ... done");
        assertThat(psLine(c, app)).contains(" Up");
        assertThat(c.ok("logs", "--no-color").stdout().split("app_1  \\| started", -1)).hasSize(4); // up, start, restart

        c.ok("stop");
        assertThat(c.ok("rm", "-f").stderr()).contains("Removing " + app + " ... done");
        assertThat(c.ok("ps", "-q").stdout()).isBlank();
        assertThat(docker().ok("ps", "-aq").stdout()).isBlank();
        c.ok("up", "-d");
        c.ok("down", "--timeout", "2");
        assertThat(docker().ok("ps", "-aq").stdout()).isBlank();
    }

    @Test
    void logsFollowShowsNewLinesAndTheLastOnesAndEndsWhenTheServiceStops() {
        var c = project(TICKER);
        c.ok("up", "-d");
        try (var follow = c.start("logs", "-f", "--no-color")) {
            follow.awaitOutput("app_1  | tick 2", Duration.ofSeconds(30));
            c.ok("stop");
            var followed = follow.awaitExit(Duration.ofSeconds(30));
            assertThat(followed.exitCode()).isZero();
            assertThat(followed.stdout()).contains("app_1  | bye", c.project() + "_app_1 exited with code 0");
        }
    }

    @Test
    void aSecondUpLeavesAnUnchangedServiceAloneAndRecreatesAChangedOne() {
        var c = project(TICKER);
        String app = c.project() + "_app_1";
        c.ok("up", "-d");
        String first = containerId(app);
        assertThat(c.ok("up", "-d").stderr()).contains(app + " is up-to-date").doesNotContain("Recreating");
        assertThat(containerId(app)).isEqualTo(first);

        write(c.projectDir().resolve("docker-compose.yml"), TICKER.replace("role: ticker", "role: changed"));
        assertThat(c.ok("up", "-d").stderr()).contains("Recreating " + app + " ... done");
        assertThat(containerId(app)).isNotEqualTo(first);
        assertThat(docker().ok("inspect", app, "--format", "{{index .Config.Labels \"dev.berth.it.role\"}}").stdout().strip())
            .isEqualTo("changed");
        assertThat(c.ok("up", "-d").stderr()).contains(app + " is up-to-date");
    }

    @Test
    void scaleStartsAndRemovesReplicas() {
        var c = project(TICKER);
        c.ok("up", "-d", "--scale", "app=3");
        for (int i = 1; i <= 3; i++) assertThat(psLine(c, c.project() + "_app_" + i)).contains(" Up");
        var down = c.ok("up", "-d", "--scale", "app=1");
        assertThat(down.stderr()).contains("Stopping and removing " + c.project() + "_app_3 ... done");
        assertThat(c.ok("ps", "-q").stdout().strip().lines()).hasSize(1);
        assertThat(docker().ok("ps", "-aq").stdout().strip().lines()).hasSize(1);
    }

    @Test
    void filesOfFormatOneTwoAndThreeRunWithDashF() {
        var c = emptyProject();
        write(c.projectDir().resolve("v1.yml"), """
            app:
              image: busybox:latest
              net: none
              command: sh -c 'echo format 1; exec sleep 600'
              stop_signal: SIGKILL
            """);
        write(c.projectDir().resolve("v2.yml"), TICKER.replace("echo started", "echo format 2"));
        write(c.projectDir().resolve("v3.yml"), """
            version: "3.8"
            services:
              app:
                image: busybox:latest
                init: true
                network_mode: none
                command: sh -c 'echo format 3; exec sleep 600'
                deploy:
                  resources:
                    limits:
                      memory: 64M
            """);
        for (String format : List.of("1", "2", "3")) {
            String file = "v" + format + ".yml";
            assertThat(c.ok("-f", file, "config").stdout()).contains("network_mode: none", "image: busybox:latest");
            c.ok("-f", file, "up", "-d");
            assertThat(psLine(c, c.project() + "_app_1", "-f", file)).contains(" Up");
            assertThat(c.ok("-f", file, "logs", "--no-color").stdout()).contains("app_1  | format " + format);
            c.ok("-f", file, "down", "--timeout", "1");
            assertThat(docker().ok("ps", "-aq").stdout()).isBlank();
        }
        assertThat(c.ok("-f", "v3.yml", "config", "--services").stdout().strip()).isEqualTo("app");
    }

    @Test
    void containersVolumesAndNetworksCarryLabelsAndEventsCarryThem() {
        var c = project("""
            version: "2.4"
            services:
              app:
                image: busybox:latest
                init: true
                command: sh -c 'trap "exit 0" TERM; while true; do sleep 1; done'
                labels:
                  dev.berth.it.team: a
                volumes:
                  - data:/data
            volumes:
              data:
                labels:
                  dev.berth.it.kind: volume
            networks:
              default:
                labels:
                  dev.berth.it.kind: network
            """);
        String p = c.project();
        try (var events = c.start("events", "--json")) {
            c.ok("up", "-d");
            c.ok("restart");
            events.awaitOutput("\"action\": \"restart\"", Duration.ofSeconds(30));
            assertThat(events.stdout()).contains("\"action\": \"create\"", "\"action\": \"start\"", "\"service\": \"app\"",
                "\"dev.berth.it.team\": \"a\"", "\"name\": \"" + p + "_app_1\"");
        }
        assertThat(docker().ok("inspect", p + "_app_1", "--format",
            "{{index .Config.Labels \"com.docker.compose.project\"}} {{index .Config.Labels \"com.docker.compose.service\"}} "
                + "{{index .Config.Labels \"dev.berth.it.team\"}}").stdout().strip()).isEqualTo(p + " app a");
        assertThat(docker().ok("volume", "ls", "-q", "--filter", "label=com.docker.compose.project=" + p).stdout().strip())
            .isEqualTo(p + "_data");
        assertThat(docker().ok("volume", "inspect", p + "_data", "--format",
            "{{index .Labels \"com.docker.compose.volume\"}} {{index .Labels \"dev.berth.it.kind\"}}").stdout().strip())
            .isEqualTo("data volume");
        assertThat(docker().ok("network", "ls", "--filter", "label=com.docker.compose.project=" + p, "--format", "{{.Name}}")
            .stdout().strip()).isEqualTo(p + "_default");
        assertThat(docker().ok("network", "inspect", p + "_default", "--format",
            "{{index .Labels \"com.docker.compose.network\"}} {{index .Labels \"dev.berth.it.kind\"}}").stdout().strip())
            .isEqualTo("default network");
        assertThat(docker().ok("ps", "--filter", "label=com.docker.compose.project=" + p, "--filter", "label=dev.berth.it.team=a",
            "--format", "{{.Names}}").stdout().strip()).isEqualTo(p + "_app_1");

        var down = c.ok("down", "-v", "--timeout", "1");
        assertThat(down.stderr()).contains("Removing network " + p + "_default", "Removing volume " + p + "_data");
        assertThat(docker().ok("network", "ls", "--filter", "label=com.docker.compose.project=" + p, "-q").stdout()).isBlank();
        assertThat(docker().ok("volume", "ls", "--filter", "label=com.docker.compose.project=" + p, "-q").stdout()).isBlank();
        assertThat(HostNetworkJanitor.run("ip", "-br", "link", "show", "master", host.bridge)).isBlank();
    }

    @Test
    void namedVolumesWithDriverOptionsKeepDataAndAnonymousVolumesAreCarriedOverOnRecreation() throws IOException {
        docker().ok("volume", "create", "--label", "made=by-hand", "itc-external");
        try {
            var c = project("""
                version: "3.8"
                services:
                  app:
                    image: busybox:latest
                    init: true
                    network_mode: none
                    environment:
                      GENERATION: "1"
                    command: sh -c 'echo $$GENERATION >> /named/log; echo $$GENERATION >> /anon/log; echo $$GENERATION >> /ext/log; trap "exit 0" TERM; while true; do sleep 1; done'
                    volumes:
                      - named:/named
                      - /anon
                      - ext:/ext
                volumes:
                  named:
                    driver_opts:
                      type: tmpfs
                      device: tmpfs
                      o: size=8m
                  ext:
                    external: true
                    name: itc-external
                """);
            String p = c.project();
            c.ok("up", "-d");
            assertThat(docker().ok("volume", "inspect", p + "_named", "--format", "{{.Driver}} {{json .Options}}").stdout().strip())
                .isEqualTo("local {\"device\":\"tmpfs\",\"o\":\"size=8m\",\"type\":\"tmpfs\"}");
            assertThat(c.ok("exec", "-T", "app", "sh", "-c", "grep ' /named ' /proc/mounts").stdout()).contains("tmpfs", "size=8192k");
            String anon = anonymousVolume(p + "_app_1");

            Path file = c.projectDir().resolve("docker-compose.yml");
            write(file, Files.readString(file).replace("GENERATION: \"1\"", "GENERATION: \"2\""));
            assertThat(c.ok("up", "-d").stderr()).contains("Recreating " + p + "_app_1 ... done");
            assertThat(anonymousVolume(p + "_app_1")).isEqualTo(anon);
            // a tmpfs volume lives as long as its mount (as on dockerd); the others keep both generations
            assertThat(c.ok("exec", "-T", "app", "cat", "/named/log", "/anon/log", "/ext/log").stdout().lines().toList())
                .containsExactly("2", "1", "2", "1", "2");

            var down = c.ok("down", "-v", "--timeout", "1");
            assertThat(down.stderr()).contains("Removing volume " + p + "_named", "Volume itc-external is external, skipping");
            // the carried-over anonymous volume is now mounted by name, so rm -v leaves it (dockerd does too)
            assertThat(docker().ok("volume", "ls", "-q").stdout().lines().toList()).contains("itc-external", anon)
                .doesNotContain(p + "_named");
            docker().ok("volume", "rm", anon);
        } finally {
            docker().run("volume", "rm", "-f", "itc-external");
        }
    }

    @Test
    void pullFetchesTheImagesOfAFileFromALocalRegistry() {
        String ref = registry.domain() + "/compose/busybox:1";
        docker().ok("tag", "busybox:latest", ref);
        docker().ok("push", ref);
        docker().ok("rmi", ref);
        var c = project(TICKER.replace("image: busybox:latest", "image: " + ref));
        assertThat(c.ok("pull").stderr()).contains("Pulling app ... done");
        assertThat(docker().ok("images", "--format", "{{.Repository}}:{{.Tag}}").stdout().lines().toList()).contains(ref);
        c.ok("up", "-d");
        assertThat(psLine(c, c.project() + "_app_1")).contains(" Up");
        docker().ok("rmi", "-f", ref);
    }

    @Test
    void downWithRmiLocalKeepsImagesThatHaveANameOfTheirOwn() {
        var c = project(TICKER);
        c.ok("up", "-d");
        c.ok("down", "-v", "--rmi", "local", "--timeout", "1");
        assertThat(docker().ok("ps", "-aq").stdout()).isBlank();
        assertThat(docker().ok("images", "--format", "{{.Repository}}:{{.Tag}}").stdout().strip()).isEqualTo("busybox:latest");
    }

    /** The line of {@code docker-compose [options] ps} for one container. */
    private static String psLine(DockerCompose c, String container, String... options) {
        List<String> argv = new ArrayList<>(List.of(options));
        argv.add("ps");
        String ps = c.ok(argv.toArray(String[]::new)).stdout();
        return ps.lines().filter(l -> l.startsWith(container + " ")).findFirst()
            .orElseThrow(() -> new AssertionError("no " + container + " in docker-compose ps:\n" + ps));
    }

    private static String containerId(String name) {
        return docker().ok("inspect", "--format", "{{.Id}}", name).stdout().strip();
    }

    /** The name of the volume mounted at /anon. */
    private static String anonymousVolume(String container) {
        return docker().ok("inspect", container, "--format", "{{range .Mounts}}{{if eq .Destination \"/anon\"}}{{.Name}}{{end}}{{end}}")
            .stdout().strip();
    }
}
