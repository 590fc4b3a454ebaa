package dev.berth.api;

import static org.assertj.core.api.Assertions.assertThat;

import dev.berth.core.event.EventBus;
import dev.berth.core.system.SystemInfo;
import dev.berth.core.system.SystemService;
import dev.berth.core.system.VersionInfo;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Runs the real Netty server on a temporary unix socket over fake services. */
class ApiServerTest {
    @TempDir Path dir;
    private ApiServer server;
    private UnixHttpClient http;
    private final InMemoryImageService images = new InMemoryImageService();
    private final EventBus events = new EventBus(Clock.systemUTC());
    private final dev.berth.core.volume.VolumeService volumes = dev.berth.testkit.FakeVolumes.service(events);

    @BeforeEach
    void start() {
        SystemService system = new SystemService() {
            @Override public SystemInfo info() {
                return new SystemInfo("id", 0, 0, 0, 0, 1, "vfs", List.of(), false, "json-file", "cgroupfs", "1", "6.1",
                    "Debian", "12", "linux", "x86_64", 2, 1L << 30, "/var/lib/berth", "/run/berth", "host", Map.of(), false,
                    "0.1.0", List.of(), List.of(), "runc", List.of("runc"), List.of(), List.of(), false, "docker-init", "v1", "0.19.0");
            }

            @Override public VersionInfo version() {
                return new VersionInfo("0.1.0", "1.44", "1.24", "abc", "java25", "linux", "amd64", "6.1", "now");
            }
        };
        Path socket = dir.resolve("api.sock");
        server = new ApiServer(new ApiServices(system, images, events, null, "runc", FakeNetworks.service(events), volumes, null, null, null),
            List.of(new Listener.Unix(socket, 0660, null)));
        server.start();
        http = new UnixHttpClient(socket);
    }

    @AfterEach
    void stop() {
        server.close();
    }

    @Test
    void pingAnswersWithTheHeadersTheCliNegotiatesWith() throws Exception {
        var get = http.send("GET", "/_ping", null);
        assertThat(get.status()).isEqualTo(200);
        assertThat(get.text()).isEqualTo("OK");
        assertThat(get.headers()).containsEntry("api-version", "1.44").containsEntry("ostype", "linux")
            .containsEntry("builder-version", "1").containsEntry("docker-experimental", "false");
        assertThat(get.headers().get("cache-control")).contains("no-cache");
        var head = http.send("HEAD", "/_ping", null);
        assertThat(head.status()).isEqualTo(200);
        assertThat(head.headers()).containsEntry("api-version", "1.44");
    }

    @Test
    void socketIsCreatedWithTheRequestedMode() throws Exception {
        var perms = java.nio.file.attribute.PosixFilePermissions.toString(Files.getPosixFilePermissions(dir.resolve("api.sock")));
        assertThat(perms).isEqualTo("rw-rw----");
    }

    @Test
    void versionedAndUnversionedPathsBothWork() throws Exception {
        assertThat(http.send("GET", "/v1.44/version", null).text()).contains("\"ApiVersion\":\"1.44\"");
        assertThat(http.send("GET", "/v1.24/version", null).status()).isEqualTo(200);
        assertThat(http.send("GET", "/version", null).status()).isEqualTo(200);
    }

    @Test
    void versionsOutsideTheRangeAreRefusedWithDockerdsWording() throws Exception {
        var old = http.send("GET", "/v1.12/version", null);
        assertThat(old.status()).isEqualTo(400);
        assertThat(old.text()).contains("client version 1.12 is too old. Minimum supported API version is 1.24");
        var tooNew = http.send("GET", "/v1.99/info", null);
        assertThat(tooNew.status()).isEqualTo(400);
        assertThat(tooNew.text()).contains("client version 1.99 is too new. Maximum supported API version is 1.44");
    }

    @Test
    void unknownRouteIsA404WithAJsonMessage() throws Exception {
        var r = http.send("GET", "/v1.44/nonsense", null);
        assertThat(r.status()).isEqualTo(404);
        assertThat(r.headers().get("content-type")).isEqualTo("application/json");
        assertThat(r.text()).isEqualTo("{\"message\":\"page not found\"}\n");
    }

    @Test
    void missingImageIsA404WithDockerdsMessage() throws Exception {
        var r = http.send("GET", "/v1.44/images/nothere:1/json", null);
        assertThat(r.status()).isEqualTo(404);
        assertThat(r.text()).contains("No such image: nothere:1");
    }

    @Test
    void imageNamesWithSlashesAndPortsReachTheRoute() throws Exception {
        images.add("localhost:5000/team/app:1");
        var r = http.send("GET", "/v1.44/images/localhost:5000/team/app:1/json", null);
        assertThat(r.status()).isEqualTo(200);
        assertThat(r.text()).contains("\"RepoTags\":[\"localhost:5000/team/app:1\"]").contains("\"Created\":\"2024-01-02T03:04:05.123Z\"")
            .contains("\"Cmd\":[\"sh\"]").doesNotContain("VirtualSize");
        assertThat(http.send("GET", "/v1.43/images/localhost:5000/team/app:1/json", null).text()).contains("\"VirtualSize\":42");
    }

    @Test
    void largeBodiesStreamThroughWithoutBeingAggregated() throws Exception {
        byte[] body = new byte[48 << 20];
        var r = http.send("POST", "/v1.44/images/load", body);
        assertThat(r.status()).isEqualTo(200);
        assertThat(r.text()).contains("{\"stream\":\"Loaded image: loaded:latest\\n\"}");
        assertThat(images.lastLoadBytes).isEqualTo(body.length);
    }

    @Test
    void bodyLeftUnreadByTheHandlerIsReadOutSoTheClientCanFinishWriting() throws Exception {
        var r = http.send("POST", "/v1.44/images/create?fromSrc=-&repo=imported", new byte[4 << 20]);
        assertThat(r.status()).isEqualTo(200);
        assertThat(r.text()).contains("\"status\":\"sha256:");
    }

    @Test
    void largeStreamedResponsesReachTheClientWhole() throws Exception {
        images.add("big");
        var r = http.send("GET", "/v1.44/images/big/get", null);
        assertThat(r.status()).isEqualTo(200);
        assertThat(r.body().length).isEqualTo(48 << 20);
    }

    @Test
    void errorBeforeTheFirstProgressMessageKeepsItsStatus() throws Exception {
        var r = http.send("POST", "/v1.44/images/load", new byte[0]);
        assertThat(r.status()).isEqualTo(400);
        assertThat(r.text()).contains("empty archive");
        var push = http.send("POST", "/v1.44/images/x/push", null);
        assertThat(push.status()).isEqualTo(401);
    }

    @Test
    void errorAfterProgressStartedEndsTheStreamWithErrorDetail() throws Exception {
        var r = http.send("POST", "/v1.44/images/create?fromImage=x&tag=latest", null);
        assertThat(r.status()).isEqualTo(200);
        assertThat(r.text()).contains("Pulling from library/x").contains("\"errorDetail\":{\"message\":\"registry went away\"}");
    }

    @Test
    void oversizedJsonBodyIsRefusedAndTheServerLivesOn() throws Exception {
        byte[] huge = ("{\"username\":\"" + "x".repeat(17 << 20) + "\"}").getBytes(StandardCharsets.UTF_8);
        var r = http.send("POST", "/v1.44/auth", huge);
        assertThat(r.status()).isEqualTo(400);
        assertThat(r.text()).contains("request body too large");
        assertThat(http.send("GET", "/_ping", null).status()).isEqualTo(200);
        var ok = http.send("POST", "/v1.44/auth", "{\"username\":\"u\",\"password\":\"p\"}".getBytes(StandardCharsets.UTF_8));
        assertThat(ok.text()).contains("\"Status\":\"Login Succeeded\"");
    }

    @Test
    void badFiltersAreA400() throws Exception {
        assertThat(http.send("GET", "/v1.44/images/json?filters=%7Bbroken", null).status()).isEqualTo(400);
        assertThat(http.send("GET", "/v1.44/images/json?filters=%7B%22color%22%3A%7B%22red%22%3Atrue%7D%7D", null).text())
            .contains("invalid filter 'color'");
    }

    @Test
    void eventsReplayFromSinceAndStreamLiveFiltered() throws Exception {
        events.publish("image", "tag", "busybox:latest", Map.of("name", "busybox:latest"));
        try (var in = http.openStream("/v1.44/events?since=0&filters=%7B%22event%22%3A%7B%22tag%22%3Atrue%7D%7D")) {
            var reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
            String first = nextJsonLine(reader);
            assertThat(first).contains("\"Action\":\"tag\"").contains("\"ID\":\"busybox:latest\"");
            events.publish("image", "delete", "sha256:x", Map.of());
            events.publish("image", "tag", "app:1", Map.of("name", "app:1"));
            String second = nextJsonLine(reader);
            assertThat(second).contains("\"ID\":\"app:1\"");
        }
    }

    @Test
    void eventsWithUntilInThePastEndAfterTheReplay() throws Exception {
        events.publish("image", "tag", "a:1", Map.of());
        long until = System.currentTimeMillis() / 1000 + 1;
        var r = http.send("GET", "/v1.44/events?since=0&until=" + until, null);
        assertThat(r.status()).isEqualTo(200);
        assertThat(r.text()).contains("\"ID\":\"a:1\"");
    }

    /** Reads past chunk-size lines to the next JSON object line. */
    private static String nextJsonLine(BufferedReader reader) throws Exception {
        for (String l = reader.readLine(); l != null; l = reader.readLine()) if (l.startsWith("{")) return l;
        throw new AssertionError("stream ended");
    }
}
