package dev.berth.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.berth.api.http.Json;
import dev.berth.api.mappers.ImageMapper;
import dev.berth.core.image.Digest;
import dev.berth.core.image.Image;
import dev.berth.core.image.ImageConfig;
import java.io.InputStream;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/**
 * Compares the field names and null-versus-empty choices of our JSON with what a real dockerd
 * 20.10 answered for the same kind of request (captured into src/test/resources/golden).
 */
class GoldenShapeTest {
    private static final Image IMPORTED = new Image(Digest.sha256("x"), List.of("busybox:latest"), List.of(), "", "starter",
        Instant.parse("2026-11-22T04:42:19.967301342Z"), "", "", ImageConfig.EMPTY.withCmd(List.of("sh")), ImageConfig.EMPTY,
        "amd64", null, "linux", 1984172, List.of(Digest.sha256("layer")), List.of(), Instant.now(), null);

    private static JsonNode golden(String name) throws Exception {
        try (InputStream in = GoldenShapeTest.class.getResourceAsStream("/golden/dockerd-20.10/" + name)) {
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

    @Test
    void imageInspectHasDockerdsFieldsAtApi141() throws Exception {
        JsonNode theirs = golden("image-inspect.json");
        JsonNode mine = ours(ImageMapper.inspect(IMPORTED, "overlay2", "1.41"));
        assertThat(keys(mine)).isEqualTo(keys(theirs));
        assertThat(keys(mine.get("Config"))).isEqualTo(keys(theirs.get("Config")));
        assertThat(keys(mine.get("ContainerConfig"))).isEqualTo(keys(theirs.get("ContainerConfig")));
        for (String nullable : List.of("Env", "Volumes", "Entrypoint", "OnBuild", "Labels")) {
            assertThat(mine.get("Config").get(nullable).isNull()).as(nullable).isEqualTo(theirs.get("Config").get(nullable).isNull());
        }
        assertThat(mine.get("RepoDigests").isArray()).isTrue();
        assertThat(mine.get("Created").asText()).isEqualTo("2026-11-22T04:42:19.967301342Z");
    }

    @Test
    void imageListEntryHasDockerdsFieldsAndNulls() throws Exception {
        JsonNode theirs = golden("images-list.json").get(0);
        JsonNode mine = ours(ImageMapper.summary(IMPORTED, -1, -1, "1.41"));
        assertThat(keys(mine)).isEqualTo(keys(theirs));
        List<String> nulls = new ArrayList<>();
        mine.properties().forEach(e -> { if (e.getValue().isNull()) nulls.add(e.getKey()); });
        List<String> theirNulls = new ArrayList<>();
        theirs.properties().forEach(e -> { if (e.getValue().isNull()) theirNulls.add(e.getKey()); });
        assertThat(nulls).isEqualTo(theirNulls);
        assertThat(ours(ImageMapper.summary(IMPORTED, -1, -1, "1.44")).has("VirtualSize")).isFalse();
    }
}
