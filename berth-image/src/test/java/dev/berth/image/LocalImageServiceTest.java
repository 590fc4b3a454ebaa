package dev.berth.image;

import static dev.berth.image.Archives.LAYER1;
import static dev.berth.image.Archives.LAYER2;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.berth.common.error.BerthException;
import dev.berth.core.event.Event;
import dev.berth.core.event.EventBus;
import dev.berth.core.filter.Filters;
import dev.berth.core.image.Digest;
import dev.berth.core.image.Image;
import dev.berth.core.image.ImageDeletion;
import dev.berth.core.image.ImageHistoryItem;
import dev.berth.core.image.ImageService;
import dev.berth.core.image.Progress;
import dev.berth.testkit.TestTar;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LocalImageServiceTest {
    @TempDir Path root;
    final Clock clock = Clock.fixed(Instant.parse("2025-06-01T00:00:00Z"), ZoneOffset.UTC);
    EventBus events;
    List<Event> seen;
    LocalImageService images;

    static final byte[] CONFIG = Archives.config("2024-01-01T00:00:00Z", Map.of("maintainer", "me"), LAYER1, LAYER2);
    static final Digest ID = Digest.sha256(CONFIG);

    @BeforeEach
    void setUp() {
        events = new EventBus(clock);
        seen = new CopyOnWriteArrayList<>();
        events.subscribe(Long.MAX_VALUE, seen::add);
        images = new LocalImageService(root, null, events, clock);
    }

    private List<String> load(byte[] archive, RecordingProgress p) {
        return images.load(new ByteArrayInputStream(archive), p);
    }

    private byte[] busyboxArchive() {
        return Archives.dockerSave(new Archives.Img(CONFIG, List.of(LAYER1, LAYER2), List.of("busybox:latest")));
    }

    private void assertStoreEmpty() throws Exception {
        assertThat(images.list(Filters.NONE, true)).isEmpty();
        assertThat(images.layers().layers()).isEmpty();
        assertThat(images.blobs().list()).isEmpty();
        try (Stream<Path> s = Files.list(root.resolve("tmp"))) {
            assertThat(s).isEmpty();
        }
        try (Stream<Path> s = Files.list(root.resolve(images.storageDriver()))) {
            assertThat(s).isEmpty();
        }
    }

    @Test
    void loadListTagSaveRemoveLoadRoundTrip() throws Exception {
        RecordingProgress p = new RecordingProgress();
        assertThat(load(busyboxArchive(), p)).containsExactly("busybox:latest");
        assertThat(p.streams).containsExactly("Loaded image: busybox:latest\n");

        Image image = images.inspect("busybox");
        assertThat(image.id()).isEqualTo(ID);
        assertThat(image.repoTags()).containsExactly("busybox:latest");
        assertThat(image.size()).isEqualTo("#!shell".length() + "127.0.0.1".length() + "hello world".length());
        assertThat(image.config().labels()).containsEntry("maintainer", "me");
        assertThat(image.diffIds()).containsExactly(Digest.sha256(LAYER1), Digest.sha256(LAYER2));

        images.tag("busybox", "me/app", "v1");
        assertThat(images.inspect("docker.io/me/app:v1").id()).isEqualTo(ID);
        assertThat(images.list(Filters.NONE, false)).singleElement()
            .satisfies(i -> assertThat(i.repoTags()).containsExactlyInAnyOrder("busybox:latest", "me/app:v1"));

        ByteArrayOutputStream saved = new ByteArrayOutputStream();
        images.save(List.of("busybox", "me/app:v1"), saved);

        assertThatThrownBy(() -> images.remove(ID.toString(), false, false))
            .isInstanceOf(BerthException.Conflict.class)
            .hasMessage("conflict: unable to delete " + ID.shortHex() + " (must be forced) - image is referenced in multiple repositories");
        assertThat(images.remove("busybox", false, false)).containsExactly(new ImageDeletion.Untagged("busybox:latest"));
        assertThat(images.remove("me/app:v1", false, false))
            .containsExactly(new ImageDeletion.Untagged("me/app:v1"), new ImageDeletion.Deleted(ID));
        assertStoreEmpty();

        RecordingProgress p2 = new RecordingProgress();
        List<String> loaded = images.load(new ByteArrayInputStream(saved.toByteArray()), p2);
        assertThat(loaded).containsExactlyInAnyOrder("busybox:latest", "me/app:v1");
        assertThat(images.inspect("busybox:latest").id()).isEqualTo(ID);
        assertThat(images.inspect("me/app:v1").id()).isEqualTo(ID);
        try (var in = images.layers().openLayerTar(dev.berth.storage.Layer.chainId(image.diffIds()))) {
            assertThat(in.readAllBytes()).isEqualTo(LAYER2);
        }
        assertThat(seen).extracting(Event::action)
            .containsSubsequence("load", "tag", "save", "untag", "untag", "delete", "load");
    }

    @Test
    void saveWritesOciLayoutPlusDockerManifest() throws Exception {
        load(busyboxArchive(), new RecordingProgress());
        ByteArrayOutputStream saved = new ByteArrayOutputStream();
        images.save(List.of("busybox:latest"), saved);
        Map<String, byte[]> entries = Archives.entries(saved.toByteArray());

        String d1 = Digest.sha256(LAYER1).hex();
        String d2 = Digest.sha256(LAYER2).hex();
        assertThat(entries).containsKeys("oci-layout", "index.json", "manifest.json", "repositories",
            "blobs/sha256/" + ID.hex(), "blobs/sha256/" + d1, "blobs/sha256/" + d2);
        assertThat(entries.get("blobs/sha256/" + ID.hex())).isEqualTo(CONFIG);
        assertThat(entries.get("blobs/sha256/" + d1)).isEqualTo(LAYER1);
        for (var e : entries.entrySet()) {
            if (e.getKey().startsWith("blobs/sha256/") && !e.getKey().endsWith("/")) {
                assertThat(Digest.sha256(e.getValue()).hex()).isEqualTo(e.getKey().substring("blobs/sha256/".length()));
            }
        }
        JsonNode manifest = ConfigCodec.JSON.readTree(entries.get("manifest.json"));
        assertThat(manifest.get(0).get("Config").asText()).isEqualTo("blobs/sha256/" + ID.hex());
        assertThat(manifest.get(0).get("RepoTags").get(0).asText()).isEqualTo("busybox:latest");
        assertThat(manifest.get(0).get("Layers").get(1).asText()).isEqualTo("blobs/sha256/" + d2);
        JsonNode index = ConfigCodec.JSON.readTree(entries.get("index.json"));
        JsonNode desc = index.get("manifests").get(0);
        assertThat(desc.get("annotations").get("io.containerd.image.name").asText()).isEqualTo("docker.io/library/busybox:latest");
        assertThat(desc.get("annotations").get("org.opencontainers.image.ref.name").asText()).isEqualTo("latest");
        JsonNode ociManifest = ConfigCodec.JSON.readTree(entries.get("blobs/sha256/" + Digest.parse(desc.get("digest").asText()).hex()));
        assertThat(ociManifest.get("config").get("digest").asText()).isEqualTo(ID.toString());
        assertThat(ociManifest.get("layers").get(0).get("digest").asText()).isEqualTo("sha256:" + d1);
        assertThat(ConfigCodec.JSON.readTree(entries.get("repositories")).get("busybox").get("latest").asText()).isEqualTo(d2);

        ByteArrayOutputStream byId = new ByteArrayOutputStream();
        images.save(List.of(ID.hex().substring(0, 8)), byId);
        JsonNode m2 = ConfigCodec.JSON.readTree(Archives.entries(byId.toByteArray()).get("manifest.json"));
        assertThat(m2.get(0).get("RepoTags").isNull()).isTrue();
    }

    @Test
    void loadsOciLayoutWithGzipLayersAndNames() throws Exception {
        byte[] oci = Archives.ociLayout(new Archives.Img(CONFIG, List.of(LAYER1, LAYER2), List.of()), "docker.io/library/alpine:3.20");
        RecordingProgress p = new RecordingProgress();
        assertThat(load(oci, p)).containsExactly("alpine:3.20");
        Image image = images.inspect("alpine:3.20");
        assertThat(image.id()).isEqualTo(ID);
        try (var in = images.layers().openLayerTar(Digest.sha256(LAYER1))) {
            assertThat(in.readAllBytes()).isEqualTo(LAYER1);
        }
        assertThat(images.pushSource("alpine:3.20").layers()).extracting(PushSource.PushLayer::mediaType)
            .containsOnly(PushSource.DOCKER_LAYER_GZIP);
    }

    @Test
    void loadWithoutTagsReportsTheId() {
        RecordingProgress p = new RecordingProgress();
        load(Archives.dockerSave(new Archives.Img(CONFIG, List.of(LAYER1, LAYER2), List.of())), p);
        assertThat(p.streams).containsExactly("Loaded image ID: " + ID + "\n");
        assertThat(images.inspect(ID.hex()).dangling()).isTrue();
    }

    @Test
    void diffIdMismatchIsRejectedWithNothingLeft() throws Exception {
        byte[] wrong = Archives.config("2024-01-01T00:00:00Z", null, LAYER1, LAYER1);
        byte[] archive = Archives.dockerSave(new Archives.Img(wrong, List.of(LAYER1, LAYER2), List.of("bad:1")));
        assertThatThrownBy(() -> load(archive, new RecordingProgress()))
            .isInstanceOf(BerthException.InvalidArgument.class)
            .hasMessageContaining("invalid layer 1")
            .hasMessageContaining("diffID mismatch");
        assertStoreEmpty();
        assertThatThrownBy(() -> images.inspect("bad:1")).isInstanceOf(BerthException.NotFound.class);
    }

    @Test
    void brokenArchivesAreInvalidAndLeaveNothing() throws Exception {
        byte[] good = busyboxArchive();
        byte[] truncated = java.util.Arrays.copyOf(good, good.length / 2);
        assertThatThrownBy(() -> load(truncated, new RecordingProgress())).isInstanceOf(BerthException.InvalidArgument.class);
        assertStoreEmpty();
        byte[] garbage = "definitely not a tar archive ".repeat(100).getBytes();
        assertThatThrownBy(() -> load(garbage, new RecordingProgress())).isInstanceOf(BerthException.InvalidArgument.class);
        byte[] noConfig = new TestTar().file("manifest.json", "[{\"Config\":\"missing.json\",\"Layers\":[]}]").bytes();
        assertThatThrownBy(() -> load(noConfig, new RecordingProgress()))
            .isInstanceOf(BerthException.InvalidArgument.class).hasMessageContaining("missing.json");
        assertStoreEmpty();
    }

    @Test
    void importBuildsAOneLayerImageFromChanges() throws Exception {
        byte[] rootfs = TestTar.gzip(new TestTar().dir("bin").file("bin/app", "app").bytes());
        RecordingProgress p = new RecordingProgress();
        Image image = images.importRootfs(new ImageService.ImportRequest(new ByteArrayInputStream(rootfs), "imported", "1",
            "", List.of("CMD [\"/bin/app\", \"--serve\"]", "ENV A=1 B=\"two words\"", "EXPOSE 8080 53/udp",
                "LABEL com.example=yes", "WORKDIR /srv", "USER nobody", "VOLUME /data", "STOPSIGNAL SIGTERM"), ""), p);
        assertThat(p.statuses).containsExactly(image.id().toString());
        assertThat(images.inspect("imported:1").id()).isEqualTo(image.id());
        assertThat(image.config().cmd()).containsExactly("/bin/app", "--serve");
        assertThat(image.config().env()).containsExactly("A=1", "B=two words");
        assertThat(image.config().exposedPorts()).containsExactly("8080/tcp", "53/udp");
        assertThat(image.config().labels()).containsEntry("com.example", "yes");
        assertThat(image.config().workingDir()).isEqualTo("/srv");
        assertThat(image.config().user()).isEqualTo("nobody");
        assertThat(image.config().volumes()).containsExactly("/data");
        assertThat(image.architecture()).isEqualTo("amd64");
        assertThat(image.os()).isEqualTo("linux");
        assertThat(image.created()).isEqualTo(clock.instant());
        assertThat(image.comment()).isEqualTo("Imported from -");
        assertThat(images.history("imported:1")).singleElement().satisfies(h -> {
            assertThat(h.id()).isEqualTo(image.id().toString());
            assertThat(h.comment()).isEqualTo("Imported from -");
            assertThat(h.tags()).containsExactly("imported:1");
            assertThat(h.size()).isEqualTo(3);
        });
        assertThat(Digest.sha256(images.configBytes("imported:1"))).isEqualTo(image.id());
        assertThat(seen).extracting(Event::action).contains("import", "tag");
    }

    @Test
    void importOfGarbageLeavesNothing() throws Exception {
        byte[] junk = TestTar.gzip("not a tar at all, not even close ".repeat(50).getBytes());
        assertThatThrownBy(() -> images.importRootfs(new ImageService.ImportRequest(new ByteArrayInputStream(junk), null, null,
            null, List.of(), null), Progress.NONE)).isInstanceOf(BerthException.InvalidArgument.class);
        assertStoreEmpty();
    }

    @Test
    void historyShowsMissingForInnerStepsAndSizes() {
        load(busyboxArchive(), new RecordingProgress());
        List<ImageHistoryItem> history = images.history("busybox");
        assertThat(history).hasSize(3);
        assertThat(history.get(0).id()).isEqualTo(ID.toString());
        assertThat(history.get(0).tags()).containsExactly("busybox:latest");
        assertThat(history.get(0).size()).isZero();
        assertThat(history.get(1).id()).isEqualTo("<missing>");
        assertThat(history.get(1).size()).isEqualTo("hello world".length());
        assertThat(history.get(2).createdBy()).isEqualTo("/bin/sh -c step0");
    }

    @Test
    void idPrefixLookupAndAmbiguity() {
        List<Digest> ids = new ArrayList<>();
        byte[] a = null;
        byte[] b = null;
        for (int i = 0; i < 500 && b == null; i++) {
            byte[] c = Archives.config("2024-01-01T00:00:00Z", Map.of("n", "" + i), LAYER1);
            Digest d = Digest.sha256(c);
            if (a == null) {
                a = c;
            } else if (d.hex().charAt(0) == Digest.sha256(a).hex().charAt(0)) {
                b = c;
            }
        }
        load(Archives.dockerSave(new Archives.Img(a, List.of(LAYER1), List.of()),
            new Archives.Img(b, List.of(LAYER1), List.of("named:x"))), new RecordingProgress());
        Digest ida = Digest.sha256(a);
        Digest idb = Digest.sha256(b);
        int c = 0;
        while (ida.hex().charAt(c) == idb.hex().charAt(c)) c++;
        final int common = c;
        assertThat(images.inspect(ida.hex().substring(0, common + 1)).id()).isEqualTo(ida);
        assertThat(images.inspect("sha256:" + idb.hex().substring(0, common + 1)).id()).isEqualTo(idb);
        assertThat(images.inspect(ida.toString()).id()).isEqualTo(ida);
        assertThatThrownBy(() -> images.inspect(ida.hex().substring(0, common)))
            .isInstanceOf(BerthException.NotFound.class).hasMessageStartingWith("No such image: ");
        assertThatThrownBy(() -> images.inspect("nope")).isInstanceOf(BerthException.NotFound.class)
            .hasMessage("No such image: nope");
        assertThat(ids).isEmpty();
    }

    @Test
    void pruneRemovesDanglingByDefaultAndEverythingUnusedWhenAsked() {
        byte[] other = Archives.config("2023-01-01T00:00:00Z", Map.of("keep", "no"), LAYER1);
        load(Archives.dockerSave(new Archives.Img(CONFIG, List.of(LAYER1, LAYER2), List.of("busybox:latest")),
            new Archives.Img(other, List.of(LAYER1), List.of())), new RecordingProgress());
        ImageService.PruneReport r = images.prune(Filters.NONE);
        assertThat(r.deleted()).containsExactly(new ImageDeletion.Deleted(Digest.sha256(other)));
        assertThat(r.spaceReclaimed()).isZero(); // its only layer is shared with busybox
        assertThat(images.list(Filters.NONE, true)).hasSize(1);

        ImageService.PruneReport all = images.prune(new Filters(Map.of("dangling", List.of("false"))));
        assertThat(all.deleted()).containsExactly(new ImageDeletion.Untagged("busybox:latest"), new ImageDeletion.Deleted(ID));
        assertThat(all.spaceReclaimed()).isEqualTo("#!shell".length() + "127.0.0.1".length() + "hello world".length());
        assertThat(images.layers().layers()).isEmpty();
    }

    @Test
    void listFilters() {
        byte[] old = Archives.config("2020-01-01T00:00:00Z", Map.of("tier", "old"), LAYER1);
        load(Archives.dockerSave(new Archives.Img(CONFIG, List.of(LAYER1, LAYER2), List.of("busybox:latest", "busybox:1")),
            new Archives.Img(old, List.of(LAYER1), List.of("me/old:1"))), new RecordingProgress());
        assertThat(images.list(new Filters(Map.of("reference", List.of("busybox:1"))), false)).singleElement()
            .satisfies(i -> assertThat(i.repoTags()).containsExactly("busybox:1"));
        assertThat(images.list(new Filters(Map.of("reference", List.of("me/*"))), false)).extracting(Image::id)
            .containsExactly(Digest.sha256(old));
        assertThat(images.list(new Filters(Map.of("label", List.of("tier=old"))), false)).hasSize(1);
        assertThat(images.list(new Filters(Map.of("before", List.of("busybox"))), false)).extracting(Image::id)
            .containsExactly(Digest.sha256(old));
        assertThat(images.list(new Filters(Map.of("since", List.of("me/old:1"))), false)).extracting(Image::id).containsExactly(ID);
        assertThat(images.list(new Filters(Map.of("until", List.of("2021-01-01T00:00:00Z"))), false)).hasSize(1);
        assertThat(images.list(new Filters(Map.of("dangling", List.of("true"))), false)).isEmpty();
        assertThatThrownBy(() -> images.list(new Filters(Map.of("bogus", List.of("x"))), false))
            .isInstanceOf(BerthException.InvalidArgument.class);
    }

    @Test
    void tagMovesAndDanglingImageStaysListed() {
        byte[] old = Archives.config("2020-01-01T00:00:00Z", null, LAYER1);
        RecordingProgress p = new RecordingProgress();
        load(Archives.dockerSave(new Archives.Img(old, List.of(LAYER1), List.of("app:latest"))), p);
        load(busyboxArchive(), p);
        images.tag("busybox", "app", null);
        assertThat(images.inspect("app").id()).isEqualTo(ID);
        assertThat(images.inspect(Digest.sha256(old).toString()).dangling()).isTrue();
        assertThatThrownBy(() -> images.tag("busybox", "a".repeat(64), null)).isInstanceOf(BerthException.InvalidArgument.class);
        RecordingProgress again = new RecordingProgress();
        load(Archives.dockerSave(new Archives.Img(old, List.of(LAYER1), List.of("app:latest"))), again);
        assertThat(again.streams.getFirst()).isEqualTo("The image app:latest already exists, renaming the old one with ID "
            + ID + " to empty string\n");
    }

    @Test
    void survivesRestart() {
        load(busyboxArchive(), new RecordingProgress());
        LocalImageService reopened = new LocalImageService(root, null, events, clock);
        assertThat(reopened.inspect("busybox").id()).isEqualTo(ID);
        assertThat(reopened.removeUnreferencedLayers()).isEmpty();
        assertThat(reopened.layers().layers()).hasSize(2);
        assertThat(reopened.remove("busybox", false, false)).contains(new ImageDeletion.Deleted(ID));
        assertThat(reopened.layers().layers()).isEmpty();
    }

    @Test
    void inUseImagesNeedForceOrCannotBeDeleted() {
        images = new LocalImageService(root, "vfs", events, clock,
            id -> List.of(new ImageUsers.User("c0ffee0000000000000000", false)),
            new dev.berth.image.registry.RegistryClient(dev.berth.image.registry.RegistrySettings.DEFAULT));
        load(busyboxArchive(), new RecordingProgress());
        assertThatThrownBy(() -> images.remove("busybox", false, false)).isInstanceOf(BerthException.Conflict.class)
            .hasMessageContaining("container c0ffee000000 is using its referenced image " + ID.shortHex());
        assertThatThrownBy(() -> images.remove(ID.toString(), false, false)).isInstanceOf(BerthException.Conflict.class)
            .hasMessageContaining("image is being used by stopped container c0ffee000000");
        assertThat(images.remove(ID.toString(), true, false)).contains(new ImageDeletion.Deleted(ID));
    }

}
