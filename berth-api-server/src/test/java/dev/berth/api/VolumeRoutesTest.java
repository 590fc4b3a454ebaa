package dev.berth.api;

import static org.assertj.core.api.Assertions.assertThat;

import dev.berth.core.event.EventBus;
import dev.berth.core.system.SystemService;
import dev.berth.core.volume.VolumeService;
import dev.berth.testkit.FakeVolumes;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The volume routes through the real Netty server over an in-memory volume service. */
class VolumeRoutesTest {
    @TempDir Path dir;
    private ApiServer server;
    private UnixHttpClient http;
    private final EventBus events = new EventBus(Clock.systemUTC());
    private final VolumeService volumes = FakeVolumes.service(events);

    @BeforeEach
    void start() {
        SystemService system = new SystemService() {
            @Override public dev.berth.core.system.SystemInfo info() { throw new UnsupportedOperationException(); }
            @Override public dev.berth.core.system.VersionInfo version() { throw new UnsupportedOperationException(); }
        };
        Path socket = dir.resolve("api.sock");
        server = new ApiServer(new ApiServices(system, new InMemoryImageService(), events, null, "runc", FakeNetworks.service(events), volumes, null, null, null),
            List.of(new Listener.Unix(socket, 0660, null)));
        server.start();
        http = new UnixHttpClient(socket);
    }

    @AfterEach
    void stop() {
        server.close();
    }

    @Test
    void createInspectListRemoveWithDockerdsShapes() throws Exception {
        var created = http.send("POST", "/v1.44/volumes/create", json("{\"Name\":\"data\",\"Labels\":{\"k\":\"v\"}}"));
        assertThat(created.status()).isEqualTo(201);
        assertThat(created.text()).contains("\"Driver\":\"local\"", "\"Labels\":{\"k\":\"v\"}", "\"Options\":null",
            "\"Scope\":\"local\"", "\"Mountpoint\":\"/fake/volumes/data\"").doesNotContain("UsageData", "Status");
        assertThat(created.text()).containsPattern("\"CreatedAt\":\"\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\dZ\"");
        assertThat(http.send("GET", "/v1.44/volumes/data", null).text()).contains("\"Name\":\"data\"");
        var list = http.send("GET", "/v1.44/volumes", null);
        assertThat(list.text()).startsWith("{\"Volumes\":[{").endsWith("\"Warnings\":null}\n");
        assertThat(http.send("DELETE", "/v1.44/volumes/data", null).status()).isEqualTo(204);
        var missing = http.send("GET", "/v1.44/volumes/data", null);
        assertThat(missing.status()).isEqualTo(404);
        assertThat(missing.text()).isEqualTo("{\"message\":\"get data: no such volume\"}\n");
        assertThat(http.send("DELETE", "/v1.44/volumes/data?force=1", null).status()).isEqualTo(204);
    }

    @Test
    void inUseIsA409AndFiltersReachTheService() throws Exception {
        volumes.create(new VolumeService.CreateRequest("busy", "", null, null));
        volumes.create(new VolumeService.CreateRequest("idle", "", null, null));
        volumes.addUser("busy", "c0ffee");
        var rm = http.send("DELETE", "/v1.44/volumes/busy", null);
        assertThat(rm.status()).isEqualTo(409);
        assertThat(rm.text()).contains("remove busy: volume is in use - [c0ffee]");
        var dangling = http.send("GET", "/v1.44/volumes?filters=%7B%22dangling%22%3A%7B%22true%22%3Atrue%7D%7D", null);
        assertThat(dangling.text()).contains("\"Name\":\"idle\"").doesNotContain("\"Name\":\"busy\"");
        assertThat(http.send("GET", "/v1.44/volumes?filters=%7B%22nope%22%3A%7B%22x%22%3Atrue%7D%7D", null).status()).isEqualTo(400);
    }

    @Test
    void pruneTakesAnonymousVolumesOnlyFromApi142UnlessAll() throws Exception {
        var anon = volumes.create(new VolumeService.CreateRequest("", "", null, null));
        volumes.create(new VolumeService.CreateRequest("named", "", null, null));
        assertThat(http.send("POST", "/v1.44/volumes/prune", null).text()).contains("\"VolumesDeleted\":[\"" + anon.name() + "\"]");
        assertThat(http.send("POST", "/v1.44/volumes/prune", null).text()).contains("\"VolumesDeleted\":null");
        assertThat(http.send("POST", "/v1.41/volumes/prune", null).text()).contains("\"VolumesDeleted\":[\"named\"]");
        volumes.create(new VolumeService.CreateRequest("again", "", null, null));
        assertThat(http.send("POST", "/v1.44/volumes/prune?filters=%7B%22all%22%3A%7B%22true%22%3Atrue%7D%7D", null).text())
            .contains("\"VolumesDeleted\":[\"again\"]");
    }

    @Test
    void unknownDriverIsA404WithDockerdsWording() throws Exception {
        var r = http.send("POST", "/v1.44/volumes/create", json("{\"Name\":\"x1\",\"Driver\":\"nosuch\"}"));
        assertThat(r.status()).isEqualTo(404);
        assertThat(r.text()).contains("create x1: error looking up volume plugin nosuch: plugin \\\"nosuch\\\" not found");
    }

    private static byte[] json(String s) { return s.getBytes(StandardCharsets.UTF_8); }
}
