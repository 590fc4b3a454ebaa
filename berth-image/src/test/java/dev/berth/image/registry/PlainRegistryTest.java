package dev.berth.image.registry;

import dev.berth.testkit.RegistryServer;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.berth.common.error.BerthException;
import dev.berth.core.image.ImageReference;
import dev.berth.core.image.RegistryCredentials;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Push and pull against a real docker-registry without auth (plain http on loopback). */
class PlainRegistryTest {
    @RegisterExtension
    static final RegistryServer registry = RegistryServer.plain();

    private final RegistryClient client = new RegistryClient(RegistrySettings.DEFAULT);
    private final ImagePusher pusher = new ImagePusher(client);
    private final ImagePuller puller = new ImagePuller(client);

    private ImageReference ref(String text) {
        return ImageReference.parse(registry.domain() + "/" + text);
    }

    @Test
    void pushThenPullReturnsTheSameBytes() {
        TestImages.Built built = TestImages.image("amd64", "hello", "world");
        RecordingProgress pushProgress = new RecordingProgress();
        PushResult pushed = pusher.push(ref("roundtrip:v1"), RegistryCredentials.NONE, built.image(), pushProgress);

        String id0 = built.image().layers().get(0).progressId();
        assertThat(pushProgress.lines).contains(id0 + ": Preparing", id0 + ": Pushed",
            "v1: digest: " + pushed.digest() + " size: " + pushed.size());
        assertThat(pushProgress.lines).anyMatch(l -> l.startsWith(id0 + ": Pushing "));
        assertThat(pushProgress.aux).containsExactly(java.util.Map.of("Tag", "v1", "Digest", pushed.digest().toString(), "Size", pushed.size()));

        MemoryTarget target = new MemoryTarget();
        RecordingProgress pullProgress = new RecordingProgress();
        PullResult pulled = puller.pull(ref("roundtrip:v1"), RegistryCredentials.NONE, target, pullProgress);

        assertThat(pulled.digest()).isEqualTo(pushed.digest());
        assertThat(pulled.manifest().bytes()).isEqualTo(pushed.manifest().bytes());
        assertThat(pulled.manifest().mediaType()).isEqualTo(MediaTypes.DOCKER_MANIFEST);
        assertThat(pulled.index()).isNull();
        assertThat(pulled.config()).isEqualTo(built.config());
        assertThat(pulled.diffIds()).hasSize(2);
        assertThat(pulled.layers()).extracting(Descriptor::digest)
            .containsExactlyElementsOf(built.image().layers().stream().map(l -> l.descriptor().digest()).toList());
        for (Descriptor layer : pulled.layers()) {
            assertThat(target.committed.get(layer.digest())).isEqualTo(built.layerBlobs().get(pulled.layers().indexOf(layer)));
        }
        String short0 = pulled.layers().get(0).shortId();
        assertThat(pullProgress.lines).startsWith("v1: Pulling from roundtrip");
        assertThat(pullProgress.lines).contains(short0 + ": Pulling fs layer", short0 + ": Verifying Checksum",
            short0 + ": Download complete");
        assertThat(pullProgress.lines).anyMatch(l -> l.startsWith(short0 + ": Downloading "));
        assertThat(pullProgress.lines.indexOf(short0 + ": Pulling fs layer"))
            .isLessThan(pullProgress.lines.indexOf(short0 + ": Download complete"));
    }

    @Test
    void pullByDigestAndSkipPresentLayers() {
        TestImages.Built built = TestImages.image("amd64", "by-digest");
        PushResult pushed = pusher.push(ref("bydigest:x"), RegistryCredentials.NONE, built.image(), new RecordingProgress());

        MemoryTarget target = new MemoryTarget();
        target.present.add(built.image().layers().getFirst().descriptor().digest());
        RecordingProgress progress = new RecordingProgress();
        PullResult pulled = puller.pull(ref("bydigest@" + pushed.digest()), RegistryCredentials.NONE, target, progress);

        assertThat(pulled.digest()).isEqualTo(pushed.digest());
        assertThat(pulled.skipped()).hasSize(1);
        assertThat(target.committed).isEmpty();
        assertThat(progress.lines).containsExactly(pushed.digest() + ": Pulling from bydigest",
            built.image().layers().getFirst().descriptor().shortId() + ": Already exists");
    }

    @Test
    void manifestIndexSelectsLinuxAmd64() {
        TestImages.Built amd = TestImages.image("amd64", "amd64 content");
        TestImages.Built arm = TestImages.image("arm64", "arm64 content");
        PushResult armPushed = pusher.push(ref("multi:arm"), RegistryCredentials.NONE, arm.image(), new RecordingProgress());
        PushResult amdPushed = pusher.push(ref("multi:amd"), RegistryCredentials.NONE, amd.image(), new RecordingProgress());
        var index = new ManifestDocument.ManifestIndex(MediaTypes.OCI_INDEX, List.of(
            withPlatform(armPushed, new Platform("linux", "arm64", "v8")),
            withPlatform(amdPushed, new Platform("linux", "amd64", null))));
        ManifestBlob indexBlob = ManifestBlob.of(MediaTypes.OCI_INDEX, index.toJson());
        client.forPush(ref("multi"), RegistryCredentials.NONE, List.of()).putManifest("latest", indexBlob);

        PullResult pulled = puller.pull(ref("multi"), RegistryCredentials.NONE, new MemoryTarget(), new RecordingProgress());

        assertThat(pulled.digest()).isEqualTo(indexBlob.digest());
        assertThat(pulled.index().bytes()).isEqualTo(indexBlob.bytes());
        assertThat(pulled.index().mediaType()).isEqualTo(MediaTypes.OCI_INDEX);
        assertThat(pulled.manifest().digest()).isEqualTo(amdPushed.digest());
        assertThat(pulled.config()).isEqualTo(amd.config());

        ImagePuller riscv = new ImagePuller(client, new Platform("linux", "riscv64", null), 3);
        assertThatThrownBy(() -> riscv.pull(ref("multi"), RegistryCredentials.NONE, new MemoryTarget(), new RecordingProgress()))
            .isInstanceOf(BerthException.NotFound.class)
            .hasMessage("no matching manifest for linux/riscv64 in the manifest list entries");
    }

    private static Descriptor withPlatform(PushResult pushed, Platform platform) {
        return new Descriptor(MediaTypes.DOCKER_MANIFEST, pushed.digest(), pushed.size(), platform);
    }

    @Test
    void existingLayersAreSkippedOnPush() {
        TestImages.Built built = TestImages.image("amd64", "twice");
        PushResult first = pusher.push(ref("again:1"), RegistryCredentials.NONE, built.image(), new RecordingProgress());
        RecordingProgress progress = new RecordingProgress();
        PushResult second = pusher.push(ref("again:2"), RegistryCredentials.NONE, built.image(), progress);

        String id = built.image().layers().getFirst().progressId();
        assertThat(second.digest()).isEqualTo(first.digest());
        assertThat(progress.lines).containsExactly(id + ": Preparing", id + ": Layer already exists",
            "2: digest: " + second.digest() + " size: " + second.size());
    }

    @Test
    void layersFromAnotherRepositoryAreMounted() {
        TestImages.Built built = TestImages.image("amd64", "shared layer");
        pusher.push(ref("source/app:1"), RegistryCredentials.NONE, built.image(), new RecordingProgress());
        PushImage.Layer layer = built.image().layers().getFirst();
        PushImage mounted = new PushImage(built.image().config(), built.image().configSource(), List.of(
            new PushImage.Layer(layer.descriptor(), () -> { throw new AssertionError("must mount, not upload"); },
                layer.progressId(), ref("source/app"))));
        RecordingProgress progress = new RecordingProgress();
        pusher.push(ref("target/app:1"), RegistryCredentials.NONE, mounted, progress);

        assertThat(progress.lines).contains(layer.progressId() + ": Mounted from " + registry.domain() + "/source/app");
        assertThat(client.forPull(ref("target/app"), RegistryCredentials.NONE).blobExists(layer.descriptor())).isTrue();
    }

    @Test
    void unknownTagIsNotFoundInDockerdWords() {
        pusher.push(ref("known:v1"), RegistryCredentials.NONE, TestImages.image("amd64", "x").image(), new RecordingProgress());
        assertThatThrownBy(() -> puller.pull(ref("known:nope"), RegistryCredentials.NONE, new MemoryTarget(), new RecordingProgress()))
            .isInstanceOf(BerthException.NotFound.class)
            .hasMessage("manifest for " + registry.domain() + "/known:nope not found: manifest unknown: manifest unknown");
    }

    @Test
    void closedPortIsUnavailable() throws Exception {
        int port = RegistryServer.freePort();
        ImageReference nowhere = ImageReference.parse("127.0.0.1:" + port + "/app:1");
        assertThatThrownBy(() -> puller.pull(nowhere, RegistryCredentials.NONE, new MemoryTarget(), new RecordingProgress()))
            .isInstanceOf(BerthException.Unavailable.class)
            .hasMessageContaining("http://127.0.0.1:" + port + "/v2/app/manifests/1")
            .hasMessageContaining("connection refused");
    }

    @Test
    void loginWithoutAuthSucceeds() {
        assertThat(client.login(new RegistryCredentials("u", "p", registry.domain(), null, null))).isEqualTo("Login Succeeded");
    }
}
