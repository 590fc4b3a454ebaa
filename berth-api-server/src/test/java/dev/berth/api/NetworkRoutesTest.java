package dev.berth.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.berth.core.event.EventBus;
import dev.berth.core.system.SystemInfo;
import dev.berth.core.system.SystemService;
import dev.berth.core.system.VersionInfo;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The /networks routes over the real Netty server, a real LocalNetworkService and a driver that touches nothing. */
class NetworkRoutesTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    @TempDir Path dir;
    private ApiServer server;
    private UnixHttpClient http;
    private final EventBus events = new EventBus(Clock.systemUTC());
    private final List<String> seen = new ArrayList<>();

    @BeforeEach
    void start() {
        SystemService system = new SystemService() {
            @Override public SystemInfo info() { throw new UnsupportedOperationException(); }
            @Override public VersionInfo version() { return new VersionInfo("0.1.0", "1.44", "1.24", "abc", "java25", "linux", "amd64", "6.1", "now"); }
        };
        events.subscribe(Long.MAX_VALUE, e -> seen.add(e.type() + " " + e.action() + " " + e.attributes().get("name")));
        Path socket = dir.resolve("api.sock");
        server = new ApiServer(new ApiServices(system, new InMemoryImageService(), events, null, "runc", FakeNetworks.service(events), dev.berth.testkit.FakeVolumes.service(events), null, null, null),
            List.of(new Listener.Unix(socket, 0660, null)));
        server.start();
        http = new UnixHttpClient(socket);
    }

    @AfterEach
    void stop() {
        server.close();
    }

    private JsonNode json(UnixHttpClient.Response r) throws Exception {
        return JSON.readTree(r.body());
    }

    @Test
    void createEchoesOptionsLabelsAndIpamExactly() throws Exception {
        String body = """
            {"Name":"app","Driver":"bridge","CheckDuplicate":true,"Internal":false,"Attachable":true,
             "IPAM":{"Driver":"default","Options":{},"Config":[{"Subnet":"10.77.0.0/24","Gateway":"10.77.0.254"}]},
             "Options":{"com.example":"x","com.docker.network.driver.mtu":"1400"},"Labels":{"team":"a","z":"1"}}""";
        var created = http.send("POST", "/v1.44/networks/create", body.getBytes(StandardCharsets.UTF_8));
        assertThat(created.status()).isEqualTo(201);
        String id = json(created).get("Id").asText();
        assertThat(id).hasSize(64);
        assertThat(json(created).get("Warning").asText()).isEmpty();

        var inspect = json(http.send("GET", "/v1.44/networks/app", null));
        assertThat(inspect.get("Id").asText()).isEqualTo(id);
        assertThat(inspect.get("Options").toString()).isEqualTo("{\"com.example\":\"x\",\"com.docker.network.driver.mtu\":\"1400\"}");
        assertThat(inspect.get("Labels").toString()).isEqualTo("{\"team\":\"a\",\"z\":\"1\"}");
        assertThat(inspect.get("IPAM").toString())
            .isEqualTo("{\"Driver\":\"default\",\"Options\":{},\"Config\":[{\"Subnet\":\"10.77.0.0/24\",\"Gateway\":\"10.77.0.254\"}]}");
        assertThat(inspect.get("Attachable").asBoolean()).isTrue();
        assertThat(inspect.get("Scope").asText()).isEqualTo("local");
        assertThat(inspect.get("Containers").toString()).isEqualTo("{}");
        assertThat(inspect.get("ConfigFrom").toString()).isEqualTo("{\"Network\":\"\"}");
        assertThat(http.send("GET", "/v1.44/networks/" + id.substring(0, 5), null).status()).isEqualTo(200);
        assertThat(seen).contains("network create app");
    }

    @Test
    void withoutIpamTheAllocatedSubnetAndGatewayAreShown() throws Exception {
        http.send("POST", "/v1.44/networks/create", "{\"Name\":\"plain\"}".getBytes(StandardCharsets.UTF_8));
        var ipam = json(http.send("GET", "/v1.44/networks/plain", null)).get("IPAM");
        assertThat(ipam.get("Config").get(0).get("Subnet").asText()).endsWith(".0.0/16");
        assertThat(ipam.get("Config").get(0).get("Gateway").asText()).endsWith(".0.1");
        assertThat(ipam.get("Options").isNull()).isTrue();
    }

    @Test
    void predefinedNetworksAreListedAndCannotBeRemoved() throws Exception {
        var list = json(http.send("GET", "/v1.44/networks", null));
        List<String> names = new ArrayList<>();
        list.forEach(n -> names.add(n.get("Name").asText()));
        assertThat(names).contains("bridge", "host", "none");
        var rm = http.send("DELETE", "/v1.44/networks/bridge", null);
        assertThat(rm.status()).isEqualTo(403);
        assertThat(new String(rm.body(), StandardCharsets.UTF_8)).contains("bridge is a pre-defined network and cannot be removed");
        var bridge = json(http.send("GET", "/v1.44/networks/bridge", null));
        assertThat(bridge.get("Options").get("com.docker.network.bridge.name").asText()).isEqualTo("berth0");
    }

    @Test
    void duplicateNamesConflictAndUnknownNetworksAre404() throws Exception {
        http.send("POST", "/v1.44/networks/create", "{\"Name\":\"dup\"}".getBytes(StandardCharsets.UTF_8));
        var again = http.send("POST", "/v1.44/networks/create", "{\"Name\":\"dup\"}".getBytes(StandardCharsets.UTF_8));
        assertThat(again.status()).isEqualTo(409);
        assertThat(new String(again.body(), StandardCharsets.UTF_8)).contains("network with name dup already exists");
        var missing = http.send("GET", "/v1.44/networks/nothere", null);
        assertThat(missing.status()).isEqualTo(404);
        assertThat(new String(missing.body(), StandardCharsets.UTF_8)).contains("network nothere not found");
    }

    @Test
    void filtersRemoveAndPrune() throws Exception {
        http.send("POST", "/v1.44/networks/create", "{\"Name\":\"one\",\"Labels\":{\"k\":\"v\"}}".getBytes(StandardCharsets.UTF_8));
        http.send("POST", "/v1.44/networks/create", "{\"Name\":\"two\"}".getBytes(StandardCharsets.UTF_8));
        var labelled = json(http.send("GET", "/v1.44/networks?filters=%7B%22label%22%3A%7B%22k%3Dv%22%3Atrue%7D%7D", null));
        assertThat(labelled).hasSize(1);
        assertThat(labelled.get(0).get("Name").asText()).isEqualTo("one");
        var custom = json(http.send("GET", "/v1.44/networks?filters=%7B%22type%22%3A%7B%22custom%22%3Atrue%7D%7D", null));
        assertThat(custom).hasSize(2);
        assertThat(http.send("GET", "/v1.44/networks?filters=%7B%22nope%22%3A%7B%22x%22%3Atrue%7D%7D", null).status()).isEqualTo(400);
        assertThat(http.send("DELETE", "/v1.44/networks/one", null).status()).isEqualTo(204);
        var pruned = json(http.send("POST", "/v1.44/networks/prune", null));
        assertThat(pruned.get("NetworksDeleted").toString()).isEqualTo("[\"two\"]");
        assertThat(json(http.send("POST", "/v1.44/networks/prune", null)).get("NetworksDeleted").isNull()).isTrue();
        assertThat(seen).contains("network destroy one", "network destroy two");
    }

    @Test
    void connectNeedsTheContainerServiceForNow() throws Exception {
        var r = http.send("POST", "/v1.44/networks/bridge/connect", "{\"Container\":\"c1\"}".getBytes(StandardCharsets.UTF_8));
        assertThat(r.status()).isEqualTo(501);
        assertThat(new String(r.body(), StandardCharsets.UTF_8)).contains("container networking arrives with the container service");
        assertThat(http.send("POST", "/v1.44/networks/nothere/connect", "{\"Container\":\"c1\"}".getBytes(StandardCharsets.UTF_8)).status())
            .isEqualTo(404);
    }
}
