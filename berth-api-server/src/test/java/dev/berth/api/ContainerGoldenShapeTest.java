package dev.berth.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.berth.api.http.Json;
import dev.berth.api.mappers.ContainerMapper;
import dev.berth.api.mappers.ContainerViewMapper;
import dev.berth.api.types.ContainerCreateRequest;
import dev.berth.api.types.ContainerPruneResponse;
import dev.berth.api.types.ContainerWaitResponse;
import dev.berth.api.types.HostConfig;
import dev.berth.common.error.BerthException;
import dev.berth.core.container.Container;
import dev.berth.core.container.ContainerConfig;
import dev.berth.core.container.ContainerState;
import dev.berth.core.image.Digest;
import java.io.InputStream;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/** Our container JSON against what dockerd 20.10 answered (golden/container-*.json, containers-list.json). */
class ContainerGoldenShapeTest {
    private static final Instant T = Instant.parse("2026-11-22T05:09:21.714115063Z");

    private static Container running() {
        var config = new ContainerConfig(null, null, null, false, false, false, null, false, false, false, List.of(),
            List.of("sleep", "100"), "busybox", null, null, null, Map.of("x", "y"), null, null);
        var host = new dev.berth.core.container.HostConfig("none", null, false, false, null, null, null, null, null, null,
            null, null, 0, null, null, null, null);
        return new Container("2f4d279cafd4895a9ce6676ce6de528d963f8ab01c01471d0d8d749749e7f3d5", "/runner", T, "sleep",
            List.of("100"), config, host, Digest.sha256("img"), new ContainerState.Running(19688), T.plusSeconds(1), null, 0,
            false, Path.of("/data/containers/2f4d/container.log"));
    }

    private static JsonNode golden(String name) throws Exception {
        try (InputStream in = ContainerGoldenShapeTest.class.getResourceAsStream("/golden/dockerd-20.10/" + name)) {
            return Json.MAPPER.readTree(in);
        }
    }

    private static JsonNode ours(Object wire) throws Exception {
        return Json.MAPPER.readTree(Json.bytes(wire));
    }

    private static TreeSet<String> keys(JsonNode n) {
        var names = new TreeSet<String>();
        n.fieldNames().forEachRemaining(names::add);
        return names;
    }

    private static List<String> nulls(JsonNode n) {
        List<String> out = new ArrayList<>();
        n.properties().forEach(e -> { if (e.getValue().isNull()) out.add(e.getKey()); });
        return out;
    }

    @Test
    void inspectHasDockerdsFieldsAndNulls() throws Exception {
        JsonNode theirs = golden("container-inspect.json");
        JsonNode mine = ours(ContainerViewMapper.inspect(running(), "overlay2", "runc"));
        assertThat(keys(mine)).isEqualTo(keys(theirs));
        for (String part : List.of("State", "HostConfig", "Config", "NetworkSettings", "GraphDriver")) {
            assertThat(keys(mine.get(part))).as(part).isEqualTo(keys(theirs.get(part)));
        }
        for (String part : List.of("HostConfig", "Config")) {
            assertThat(nulls(mine.get(part))).as(part).isEqualTo(nulls(theirs.get(part)));
        }
        assertThat(mine.get("Created").asText()).isEqualTo("2026-11-22T05:09:21.714115063Z");
        assertThat(mine.at("/State/FinishedAt").asText()).isEqualTo("0001-01-01T00:00:00Z");
        assertThat(mine.at("/Config/Hostname").asText()).isEqualTo("2f4d279cafd4");
    }

    @Test
    void listEntryHasDockerdsFields() throws Exception {
        JsonNode theirs = golden("containers-list.json").get(0);
        JsonNode mine = ours(ContainerViewMapper.summary(running(), T.plusSeconds(4)));
        assertThat(keys(mine)).isEqualTo(keys(theirs));
        assertThat(keys(mine.at("/NetworkSettings/Networks/none"))).isEqualTo(keys(theirs.at("/NetworkSettings/Networks/none")));
        assertThat(mine.get("Status").asText()).isEqualTo("Up 3 seconds");
        assertThat(mine.get("Command").asText()).isEqualTo("sleep 100");
    }

    @Test
    void smallResponsesMatch() throws Exception {
        assertThat(ours(new ContainerWaitResponse(null, 3))).isEqualTo(golden("container-wait.json"));
        assertThat(ours(new ContainerPruneResponse(null, 0))).isEqualTo(golden("containers-prune.json"));
    }

    @Test
    void statusAndCommandAsDockerPsShowsThem() {
        Container c = running();
        var exited = new Container(c.id(), c.name(), T, "sh", List.of("-c", "exit 3"), c.config(), c.hostConfig(), c.imageId(),
            new ContainerState.Exited(3, false, ""), T, T.plusSeconds(1), 0, false, c.logPath());
        assertThat(ContainerViewMapper.status(exited, T.plusSeconds(3))).isEqualTo("Exited (3) 2 seconds ago");
        assertThat(ContainerViewMapper.summary(exited, T).command()).isEqualTo("sh -c 'exit 3'");
    }

    @Test
    void createValidatesLikeDockerd() throws Exception {
        JsonNode body = Json.MAPPER.readTree("""
            {"Image":"busybox","Cmd":["true"],"HostConfig":{"Memory":-5}}""");
        var config = Json.MAPPER.treeToValue(body, dev.berth.api.types.ContainerConfig.class);
        var host = Json.MAPPER.treeToValue(body.get("HostConfig"), HostConfig.class);
        assertThatThrownBy(() -> ContainerMapper.create(null, new ContainerCreateRequest(config, host, null)))
            .isInstanceOf(BerthException.InvalidArgument.class);
        var caps = Json.MAPPER.treeToValue(Json.MAPPER.readTree("{\"CapAdd\":[\"FOO\"]}"), HostConfig.class);
        assertThatThrownBy(() -> ContainerMapper.create(null, new ContainerCreateRequest(config, caps, null)))
            .isInstanceOf(BerthException.InvalidArgument.class).hasMessage("unknown capability: \"CAP_FOO\"");
        var ok = Json.MAPPER.treeToValue(Json.MAPPER.readTree("""
            {"Memory":67108864,"NanoCpus":500000000,"PidsLimit":50,"CapAdd":["NET_ADMIN"],"RestartPolicy":{"Name":"on-failure","MaximumRetryCount":2},
             "SecurityOpt":["no-new-privileges","seccomp=unconfined"],"Ulimits":[{"Name":"nofile","Soft":10,"Hard":20}]}"""), HostConfig.class);
        var req = ContainerMapper.create("web", new ContainerCreateRequest(config, ok, null));
        assertThat(req.hostConfig().resources().memory()).isEqualTo(64L << 20);
        assertThat(req.hostConfig().resources().pidsLimit()).isEqualTo(50L);
        assertThat(req.hostConfig().security().noNewPrivileges()).isTrue();
        assertThat(req.hostConfig().restartPolicy().maximumRetryCount()).isEqualTo(2);
    }
}
