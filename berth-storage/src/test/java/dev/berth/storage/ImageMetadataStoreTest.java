package dev.berth.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.berth.common.error.BerthException;
import dev.berth.core.image.Digest;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ImageMetadataStoreTest {
    @TempDir Path root;

    @Test
    void configsAreKeptVerbatimAndEverythingSurvivesReopen() {
        ImageMetadataStore store = ImageMetadataStore.open(root);
        byte[] config = "{ \"odd\" :  \"spacing\" }".getBytes(StandardCharsets.UTF_8);
        Digest id = store.putConfig(config);
        assertThat(id).isEqualTo(Digest.sha256(config));
        Instant t = Instant.parse("2024-05-06T07:08:09.123Z");
        store.putMetadata(id, new ImageMetadata(t, null));
        store.updateReferences(Map.of("docker.io/library/a:latest", id, "docker.io/library/a@" + id, id), Set.of());

        ImageMetadataStore reopened = ImageMetadataStore.open(root);
        assertThat(reopened.config(id)).isEqualTo(config);
        assertThat(reopened.metadata(id).lastTagTime()).isEqualTo(t);
        assertThat(reopened.references()).containsEntry("docker.io/library/a:latest", id).hasSize(2);

        reopened.delete(id);
        assertThat(reopened.references()).isEmpty();
        assertThat(ImageMetadataStore.open(root).ids()).isEmpty();
        assertThatThrownBy(() -> reopened.config(id)).isInstanceOf(BerthException.NotFound.class);
    }

    @Test
    void referencesMustPointAtKnownImages() {
        ImageMetadataStore store = ImageMetadataStore.open(root);
        assertThatThrownBy(() -> store.updateReferences(Map.of("docker.io/library/a:latest", Digest.sha256("x")), Set.of()))
            .isInstanceOf(BerthException.NotFound.class);
    }
}
