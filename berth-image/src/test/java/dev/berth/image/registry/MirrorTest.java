package dev.berth.image.registry;

import static org.assertj.core.api.Assertions.assertThat;

import dev.berth.core.image.ImageReference;
import dev.berth.core.image.RegistryCredentials;
import java.net.URI;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Docker Hub names are pulled from a configured mirror (the mirror answers, so Hub is never contacted). */
class MirrorTest {
    @Test
    void dockerHubImagesComeFromTheMirror() throws Exception {
        try (FakeRegistry dead = new FakeRegistry(); FakeRegistry mirror = new FakeRegistry()) {
            TestImages.Built built = TestImages.image("amd64", "from the mirror");
            Descriptor layer = built.image().layers().getFirst().descriptor();
            byte[] manifest = ManifestDocument.ImageManifest.schema2Json(built.image().config(), List.of(layer));
            mirror.serve("/v2/library/busybox/manifests/latest", manifest, MediaTypes.DOCKER_MANIFEST);
            mirror.serve("/v2/library/busybox/blobs/" + built.image().config().digest(), built.config(), null);
            mirror.serve("/v2/library/busybox/blobs/" + layer.digest(), built.layerBlobs().getFirst(), null);
            // The first mirror knows nothing (404 on every path): a mirror miss falls through to the next.
            RegistrySettings settings = new RegistrySettings(
                List.of(URI.create("http://127.0.0.1:" + dead.port()), URI.create("http://127.0.0.1:" + mirror.port())), List.of());
            RegistryClient client = new RegistryClient(settings);
            RecordingProgress progress = new RecordingProgress();

            MemoryTarget target = new MemoryTarget();
            PullResult pulled = new ImagePuller(client).pull(ImageReference.parse("busybox"), RegistryCredentials.NONE, target, progress);

            assertThat(pulled.manifest().bytes()).isEqualTo(manifest);
            assertThat(target.committed.get(layer.digest())).isEqualTo(built.layerBlobs().getFirst());
            assertThat(progress.lines.getFirst()).isEqualTo("latest: Pulling from library/busybox");
            assertThat(dead.requests).extracting(FakeRegistry.Request::path).containsExactly("/v2/library/busybox/manifests/latest");
        }
    }
}
