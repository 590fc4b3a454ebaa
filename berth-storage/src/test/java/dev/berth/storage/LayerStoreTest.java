package dev.berth.storage;

import static java.nio.file.LinkOption.NOFOLLOW_LINKS;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.berth.common.error.BerthException;
import dev.berth.core.image.Digest;
import dev.berth.sys.Mounts;
import dev.berth.sys.Xattrs;
import dev.berth.testkit.TestTar;
import java.io.ByteArrayInputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class LayerStoreTest {
    @TempDir Path root;

    static final byte[] BASE = new TestTar()
        .dir("etc").file("etc/passwd", "root:x:0:0").file("etc/hosts", "127.0.0.1")
        .dir("var").dir("var/cache").file("var/cache/a", "a").file("var/cache/b", "b")
        .dir("keep").file("keep/x", "x")
        .bytes();
    static final byte[] TOP = new TestTar()
        .dir("etc").whiteout("etc/hosts")
        .dir("var/cache").opaque("var/cache").file("var/cache/new", "new")
        .file("etc/motd", "hi")
        .bytes();

    private Layer put(LayerStore layers, BlobStore blobs, Digest parent, byte[] tar, Digest expected) {
        Digest blob = blobs.put(new ByteArrayInputStream(tar), null);
        return layers.register(parent, blob, expected);
    }

    private static List<String> tree(Path dir) throws Exception {
        try (Stream<Path> s = Files.walk(dir)) {
            return s.filter(p -> !p.equals(dir)).map(p -> dir.relativize(p).toString()).sorted().collect(Collectors.toList());
        }
    }

    @Test
    void chainIdsFollowTheOciFormula() {
        Digest a = Digest.sha256("a");
        Digest b = Digest.sha256("b");
        assertThat(Layer.chainId(null, a)).isEqualTo(a);
        assertThat(Layer.chainId(a, b)).isEqualTo(Digest.sha256(a + " " + b));
        assertThat(Layer.chainId(List.of(a, b))).isEqualTo(Layer.chainId(a, b));
    }

    @Test
    void overlayKeepsWhiteoutsNativeAndMergesCorrectly() throws Exception {
        BlobStore blobs = new BlobStore(root);
        LayerStore layers = LayerStore.open(root, blobs, "overlay2");
        assertThat(layers.driverName()).isEqualTo("overlay2");
        Layer base = put(layers, blobs, null, BASE, Digest.sha256(BASE));
        Layer top = put(layers, blobs, base.chainId(), TOP, null);
        assertThat(top.chainId()).isEqualTo(Layer.chainId(base.chainId(), Digest.sha256(TOP)));

        Path topDiff = layers.diffDir(top.chainId());
        assertThat(FileTrees.mode(topDiff.resolve("etc/hosts")) & FileTrees.S_IFMT).isEqualTo(0020000);
        assertThat((Long) Files.getAttribute(topDiff.resolve("etc/hosts"), "unix:rdev", NOFOLLOW_LINKS)).isZero();
        assertThat(Xattrs.get(topDiff.resolve("var/cache"), "trusted.overlay.opaque")).isPresent();
        assertThat(topDiff.resolve("etc/passwd")).doesNotExist();
        assertThat(layers.lowerDirs(top.chainId())).containsExactly(topDiff, layers.diffDir(base.chainId()));

        Path work = Files.createDirectories(root.resolve("mnt/work"));
        Path upper = Files.createDirectories(root.resolve("mnt/upper"));
        Path merged = Files.createDirectories(root.resolve("mnt/merged"));
        String lower = layers.lowerDirs(top.chainId()).stream().map(Path::toString).collect(Collectors.joining(":"));
        Mounts.mount("overlay", merged, "overlay", 0, "lowerdir=" + lower + ",upperdir=" + upper + ",workdir=" + work);
        try {
            assertThat(tree(merged)).containsExactly("etc", "etc/motd", "etc/passwd", "keep", "keep/x",
                "var", "var/cache", "var/cache/new");
        } finally {
            Mounts.unmount(merged, Mounts.MNT_DETACH);
        }
    }

    @Test
    void vfsAppliesWhiteoutsToAFullCopy() throws Exception {
        BlobStore blobs = new BlobStore(root);
        LayerStore layers = LayerStore.open(root, blobs, "vfs");
        Layer base = put(layers, blobs, null, BASE, null);
        Layer top = put(layers, blobs, base.chainId(), TOP, null);
        assertThat(layers.lowerDirs(top.chainId())).containsExactly(layers.diffDir(top.chainId()));
        assertThat(tree(layers.diffDir(top.chainId()))).containsExactly("etc", "etc/motd", "etc/passwd", "keep",
            "keep/x", "var", "var/cache", "var/cache/new");
        assertThat(tree(layers.diffDir(base.chainId()))).contains("etc/hosts", "var/cache/a");
        assertThat(top.diffSize()).isEqualTo(5);
    }

    @ParameterizedTest
    @ValueSource(strings = {"overlay2", "vfs"})
    void diffIdMismatchLeavesNothing(String driver) throws Exception {
        BlobStore blobs = new BlobStore(root);
        LayerStore layers = LayerStore.open(root, blobs, driver);
        Digest blob = blobs.put(new ByteArrayInputStream(BASE), null);
        assertThatThrownBy(() -> layers.register(null, blob, Digest.sha256("something else")))
            .isInstanceOf(BerthException.InvalidArgument.class)
            .hasMessageContaining("diffID mismatch");
        assertThat(layers.layers()).isEmpty();
        try (Stream<Path> s = Files.list(root.resolve(driver))) {
            assertThat(s).isEmpty();
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"overlay2", "vfs"})
    void gzipSourceServesTheOriginalTarAndSurvivesRestart(String driver) throws Exception {
        BlobStore blobs = new BlobStore(root);
        LayerStore layers = LayerStore.open(root, blobs, driver);
        byte[] gz = TestTar.gzip(BASE);
        Digest blob = blobs.put(new ByteArrayInputStream(gz), null);
        Layer l = layers.register(null, blob, Digest.sha256(BASE));
        assertThat(l.compression()).isEqualTo(Compression.GZIP);
        assertThat(l.tarSize()).isEqualTo(BASE.length);
        try (var in = layers.openLayerTar(l.chainId())) {
            assertThat(in.readAllBytes()).isEqualTo(BASE);
        }
        LayerStore reopened = LayerStore.open(root, new BlobStore(root), null);
        assertThat(reopened.driverName()).isEqualTo(driver);
        assertThat(reopened.get(l.chainId())).contains(l);
        assertThat(reopened.removeUnreferenced()).extracting(Layer::chainId).containsExactly(l.chainId());
        assertThat(blobs.has(blob)).isFalse();
    }

    @Test
    void concurrentRegistrationYieldsOneLayerAndRefcountsRemoveIt() throws Exception {
        BlobStore blobs = new BlobStore(root);
        LayerStore layers = LayerStore.open(root, blobs, "overlay2");
        Digest blob = blobs.put(new ByteArrayInputStream(BASE), null);
        ExecutorService pool = Executors.newFixedThreadPool(4);
        List<Future<Layer>> results = new ArrayList<>();
        try {
            for (int i = 0; i < 4; i++) results.add(pool.submit((Callable<Layer>) () -> layers.register(null, blob, null)));
            for (Future<Layer> f : results) assertThat(f.get().chainId()).isEqualTo(Digest.sha256(BASE));
        } finally {
            pool.shutdownNow();
        }
        assertThat(layers.layers()).hasSize(1);
        Layer top = put(layers, blobs, Digest.sha256(BASE), TOP, null);
        for (int i = 0; i < 4; i++) assertThat(layers.release(Digest.sha256(BASE))).isEmpty();
        // the child still holds its parent; dropping the child frees both
        assertThat(layers.release(top.chainId())).extracting(Layer::chainId)
            .containsExactly(top.chainId(), Digest.sha256(BASE));
        assertThat(layers.layers()).isEmpty();
        assertThat(blobs.list()).isEmpty();
        try (Stream<Path> s = Files.list(root.resolve("overlay2"))) {
            assertThat(s).isEmpty();
        }
    }

    @Test
    void unknownParentIsNotFound() {
        BlobStore blobs = new BlobStore(root);
        LayerStore layers = LayerStore.open(root, blobs, "vfs");
        Digest blob = blobs.put(new ByteArrayInputStream(TOP), null);
        assertThatThrownBy(() -> layers.register(Digest.sha256("nope"), blob, null))
            .isInstanceOf(BerthException.NotFound.class);
    }
}
