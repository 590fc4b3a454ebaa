package dev.berth.image.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.berth.common.error.BerthException;
import dev.berth.core.image.Digest;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class ManifestDocumentTest {
    private static final Digest A = Digest.sha256("a");
    private static final Digest B = Digest.sha256("b");

    @Test
    void schema2JsonIsDockersByteFormat() {
        byte[] json = ManifestDocument.ImageManifest.schema2Json(new Descriptor(MediaTypes.DOCKER_CONFIG, A, 10),
            List.of(new Descriptor(MediaTypes.DOCKER_LAYER_GZIP, B, 20)));
        assertThat(new String(json, StandardCharsets.UTF_8)).isEqualTo("""
            {
               "schemaVersion": 2,
               "mediaType": "application/vnd.docker.distribution.manifest.v2+json",
               "config": {
                  "mediaType": "application/vnd.docker.container.image.v1+json",
                  "size": 10,
                  "digest": "%s"
               },
               "layers": [
                  {
                     "mediaType": "application/vnd.docker.image.rootfs.diff.tar.gzip",
                     "size": 20,
                     "digest": "%s"
                  }
               ]
            }""".formatted(A, B));
        var parsed = (ManifestDocument.ImageManifest) ManifestDocument.parse(json, null);
        assertThat(parsed.config().digest()).isEqualTo(A);
        assertThat(parsed.layers()).extracting(Descriptor::size).containsExactly(20L);
    }

    @Test
    void indexSelectionPrefersExactVariantAndSkipsAttestations() {
        var index = new ManifestDocument.ManifestIndex(MediaTypes.OCI_INDEX, List.of(
            new Descriptor(MediaTypes.OCI_MANIFEST, A, 1, new Platform("unknown", "unknown", null)),
            new Descriptor(MediaTypes.OCI_MANIFEST, B, 1, new Platform("linux", "amd64", "v3")),
            new Descriptor(MediaTypes.OCI_MANIFEST, A, 2, new Platform("linux", "amd64", null))));
        assertThat(index.select(Platform.LINUX_AMD64).size()).isEqualTo(2);
        var reparsed = (ManifestDocument.ManifestIndex) ManifestDocument.parse(index.toJson(), MediaTypes.OCI_INDEX);
        assertThat(reparsed.manifests()).isEqualTo(index.manifests());
    }

    @Test
    void schema1IsRejected() {
        byte[] v1 = "{\"schemaVersion\":1,\"name\":\"x\"}".getBytes(StandardCharsets.UTF_8);
        assertThatThrownBy(() -> ManifestDocument.parse(v1, MediaTypes.DOCKER_SCHEMA1_SIGNED))
            .isInstanceOf(BerthException.InvalidArgument.class).hasMessageContaining("schema 1");
    }
}
