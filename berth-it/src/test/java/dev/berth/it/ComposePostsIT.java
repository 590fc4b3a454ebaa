package dev.berth.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The seeds' WordPress + MySQL stacks, run by docker-compose against berthd with a two-tier
 * stand-in made of busybox ({@code compose/posts}, see its README): a web service that stores
 * posts through a db service it finds by its service name. Each scenario posts through the web
 * tier, replaces the containers ({@code stop}, {@code rm -f}, {@code up -d}) and checks whether
 * the posts are still there, as the data directory of the db says they must be.
 */
class ComposePostsIT extends ComposeProjects {
    private static final Duration READY = Duration.ofSeconds(20);

    /** {@code posts:test}: busybox with the CGI scripts of both tiers under /www. */
    @BeforeAll
    static void buildPostsImage() throws Exception {
        Path src = Files.createTempDirectory(berth.daemon().scratch(), "posts-");
        copyResource("compose/posts/app", src);
        String ctr = docker().ok("create", "busybox:latest", "true").stdout().strip();
        try {
            docker().ok("cp", src.resolve("www").toString(), ctr + ":/www");
            docker().ok("commit", ctr, "posts:test");
        } finally {
            docker().run("rm", "-f", ctr);
        }
    }

    @Test
    void withoutVolumesThePostsAreGoneOnceTheContainersAreReplaced() {
        var stack = new Stack(projectFrom("compose/posts"), "1-no-volumes.yml");
        stack.up();
        stack.post("hello without volumes");
        assertThat(stack.posts()).containsExactly("hello without volumes");
        stack.replaceContainers();
        assertThat(stack.posts()).isEmpty();
    }

    @Test
    void withLocalNamedVolumesThePostsSurviveAndDownDashVRemovesThem() {
        var stack = new Stack(projectFrom("compose/posts"), "2-local-volumes.yml");
        stack.up();
        stack.post("first");
        stack.post("second");
        stack.replaceContainers();
        assertThat(stack.posts()).containsExactly("first", "second");
        String volume = stack.compose.project() + "_posts";
        assertThat(docker().ok("volume", "inspect", volume, "--format", "{{.Driver}} {{index .Labels \"dev.berth.it.tier\"}}")
            .stdout().strip()).isEqualTo("local db");

        stack.compose.ok("-f", stack.file, "down", "-v", "--timeout", "1");
        assertThat(docker().run("volume", "inspect", volume).exitCode()).isEqualTo(1);
        stack.up();
        assertThat(stack.posts()).isEmpty();
    }

    @Test
    void withVolumesOfAPluginThePostsSurviveInThePluginsDirectory() throws Exception {
        String driver = TestVolumePlugin.uniqueName();
        try (var plugin = TestVolumePlugin.start(driver, pluginDir.resolve(driver + ".sock"))) {
            var stack = new Stack(projectFrom("compose/posts").withEnv("VOLUME_DRIVER", driver), "3-plugin-volumes.yml");
            try {
                stack.up();
                stack.post("kept by the plugin");
                stack.replaceContainers();
                assertThat(stack.posts()).containsExactly("kept by the plugin");
                assertThat(docker().ok("volume", "inspect", "posts-plugin", "--format", "{{.Driver}}").stdout().strip()).isEqualTo(driver);
                assertThat(Files.readString(plugin.volumeDir("posts-plugin").resolve("posts"))).isEqualTo("kept by the plugin\n");
            } finally {
                // while the plugin still runs: format 1 leaves volumes it did not declare to the user
                stack.compose.run("-f", stack.file, "down", "--timeout", "1");
                docker().run("volume", "rm", "-f", "posts-plugin");
            }
        }
    }

    @Test
    void withExternalVolumesThePostsSurviveAndDownLeavesTheVolume() {
        docker().ok("volume", "create", "posts-external");
        try {
            var stack = new Stack(projectFrom("compose/posts"), "4-external-volumes.yml");
            stack.up();
            stack.post("on an external volume");
            stack.replaceContainers();
            assertThat(stack.posts()).containsExactly("on an external volume");
            assertThat(stack.compose.ok("-f", stack.file, "down", "-v", "--timeout", "1").stderr())
                .contains("Volume posts-external is external, skipping");
            assertThat(docker().ok("volume", "inspect", "posts-external", "--format", "{{.Name}}").stdout().strip())
                .isEqualTo("posts-external");
        } finally {
            docker().run("volume", "rm", "-f", "posts-external");
        }
    }

    @Test
    void withTheWebServiceBuiltFromADockerfile() {
        var stack = new Stack(projectFrom("compose/posts"), "5-build.yml");
        String image = stack.compose.project() + "_web";
        var built = stack.compose.ok("-f", stack.file, "build"); // compose's default: through the docker CLI
        assertThat(built.stdout() + built.stderr()).contains("Step 7/7 : CMD", "Successfully built", "Successfully tagged " + image);
        String id = imageId(image);
        // through docker-py's POST /build: every step from the cache, the same image
        var again = stack.compose.withEnv("COMPOSE_DOCKER_CLI_BUILD", "0").ok("-f", stack.file, "build");
        assertThat(again.stdout() + again.stderr()).contains("Using cache");
        assertThat(imageId(image)).isEqualTo(id);
        stack.up();
        stack.post("served by a built image");
        assertThat(stack.compose.ok("-f", stack.file, "up", "-d", "--build").stderr())
            .contains(stack.compose.project() + "_web_1 is up-to-date");
        stack.replaceContainers();
        assertThat(stack.posts()).containsExactly("served by a built image");
        assertThat(docker().ok("inspect", stack.compose.project() + "_web_1", "--format", "{{.Config.Image}}").stdout().strip())
            .isEqualTo(image);

        stack.compose.ok("-f", stack.file, "down", "-v", "--rmi", "local", "--timeout", "1");
        assertThat(docker().run("image", "inspect", image).exitCode()).isEqualTo(1);
        docker().ok("image", "inspect", "posts:test"); // named by the user: kept
    }

    @Test
    void onTwoNetworksTheWebTierIsPublishedAndFindsTheDbByItsAliasOnAnInternalNetwork() throws Exception {
        var stack = new Stack(projectFrom("compose/posts"), "6-two-networks.yml");
        stack.up();
        assertThat(stack.compose.ok("-f", stack.file, "ps").stdout()).contains("Up (healthy)");
        String published = stack.compose.ok("-f", stack.file, "port", "web", "80").stdout().strip();
        assertThat(published).matches("127\\.0\\.0\\.1:\\d+");
        var http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(10)).build();
        var post = HttpRequest.newBuilder(URI.create("http://" + published + "/cgi-bin/post"))
            .POST(HttpRequest.BodyPublishers.ofString("through the published port")).timeout(Duration.ofSeconds(20)).build();
        assertThat(http.send(post, HttpResponse.BodyHandlers.ofString()).body()).contains("stored: through the published port");
        assertThat(stack.posts()).containsExactly("through the published port");
        // the way out is front's, whatever the order compose connected the networks in
        String front = docker().ok("network", "inspect", stack.compose.project() + "_front", "--format",
            "{{(index .IPAM.Config 0).Gateway}}").stdout().strip();
        assertThat(stack.compose.ok("-f", stack.file, "exec", "-T", "web", "ip", "route").stdout()).contains("default via " + front + " ");
    }

    @Test
    void theStackOutlivesACrashOfTheDaemon() {
        var stack = new Stack(projectFrom("compose/posts"), "2-local-volumes.yml");
        stack.up();
        stack.post("before the crash");
        berth.daemon().crashAndRestart(); // SIGKILL: the containers run on under conmon
        String p = stack.compose.project();
        assertThat(stack.compose.ok("-f", stack.file, "up", "-d").stderr()).contains(p + "_db_1 is up-to-date", p + "_web_1 is up-to-date");
        stack.post("after the crash"); // the web tier still finds the db by name
        assertThat(stack.posts()).containsExactly("before the crash", "after the crash");
    }

    private static String imageId(String image) {
        return docker().ok("image", "inspect", "--format", "{{.Id}}", image).stdout().strip();
    }

    /** One scenario's compose file in a project, driven as a user would. */
    private static final class Stack {
        final DockerCompose compose;
        final String file;

        Stack(DockerCompose compose, String file) {
            this.compose = compose;
            this.file = file;
        }

        /** {@code up -d}; both services Up in {@code docker-compose ps}, and the web tier answering. */
        void up() {
            compose.ok("-f", file, "up", "-d");
            String ps = compose.ok("-f", file, "ps").stdout();
            for (String service : List.of("db", "web")) {
                assertThat(ps.lines().filter(l -> l.startsWith(compose.project() + "_" + service + "_1 ")).findFirst())
                    .as("docker-compose ps:\n" + ps).hasValueSatisfying(l -> assertThat(l).contains(" Up"));
            }
            awaitWeb();
        }

        /** Posts through the web tier, which forwards to http://db/ (by service name). */
        void post(String text) {
            var r = compose.ok("-f", file, "exec", "-T", "web", "wget", "-q", "-O", "-", "--post-data", text,
                "http://localhost/cgi-bin/post");
            assertThat(r.stdout()).as("the web tier's answer").contains("stored: " + text);
        }

        /** The posts as the web tier lists them (from the db). */
        List<String> posts() {
            var r = compose.ok("-f", file, "exec", "-T", "web", "wget", "-q", "-O", "-", "http://localhost/cgi-bin/list");
            assertThat(r.stdout()).doesNotContain("unreachable");
            return r.stdout().lines().filter(l -> !l.isBlank()).toList();
        }

        /** The "restart the stack" of the seeds: {@code stop}, {@code rm -f}, {@code up -d}. */
        void replaceContainers() {
            compose.ok("-f", file, "stop", "--timeout", "2");
            compose.ok("-f", file, "rm", "-f");
            assertThat(compose.ok("-f", file, "ps", "-q").stdout()).isBlank();
            up();
        }

        /** httpd in a fresh container may take a moment to listen. */
        private void awaitWeb() {
            Instant deadline = Instant.now().plus(READY);
            DockerCli.Result last;
            do {
                last = compose.run("-f", file, "exec", "-T", "web", "wget", "-q", "-O", "-", "http://localhost/cgi-bin/list");
                if (last.ok() && !last.stdout().contains("unreachable")) return;
                sleep();
            } while (Instant.now().isBefore(deadline));
            throw new AssertionError("the web tier does not answer: " + last.describe());
        }

        private static void sleep() {
            try {
                Thread.sleep(200);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError(e);
            }
        }
    }
}
