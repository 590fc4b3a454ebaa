package dev.berth.storage.volume;

import static org.assertj.core.api.Assertions.assertThat;

import dev.berth.core.volume.VolumeStore.VolumeRecord;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class JsonVolumeStoreTest {
    @TempDir Path root;

    @Test
    void recordsSurviveANewStoreAndDeletesStick() {
        var store = new JsonVolumeStore(root);
        store.load();
        Instant t = Instant.parse("2024-05-06T07:08:09Z");
        store.put(new VolumeRecord("a1", "local", Map.of("k", "v"), Map.of("size", "20m"), t));
        store.put(new VolumeRecord("b2", "plug", Map.of(), Map.of(), t));
        store.delete("b2");
        var loaded = new JsonVolumeStore(root).load();
        assertThat(loaded).containsOnlyKeys("a1");
        assertThat(loaded.get("a1")).isEqualTo(new VolumeRecord("a1", "local", Map.of("k", "v"), Map.of("size", "20m"), t));
        assertThat(root.resolve(JsonVolumeStore.FILE)).exists();
    }
}
