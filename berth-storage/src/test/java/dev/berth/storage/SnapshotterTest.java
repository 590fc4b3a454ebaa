package dev.berth.storage;

import static java.nio.file.LinkOption.NOFOLLOW_LINKS;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.berth.common.error.BerthException;
import dev.berth.common.process.HostCommandRunner;
import dev.berth.core.container.Snapshotter;
import dev.berth.core.container.Snapshotter.Change;
import dev.berth.core.container.Snapshotter.Change.Kind;
import dev.berth.core.image.Digest;
import dev.berth.sys.Xattrs;
import dev.berth.testkit.TestTar;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Real mounts and loop devices, as root. Every test leaves no mount, loop device or directory behind. */
class SnapshotterTest {
    @TempDir Path root;
    private final List<Runnable> cleanups = new ArrayList<>();

    static final byte[] BASE = new TestTar()
        .dir("etc").file("etc/passwd", "root:x:0:0").file("etc/hosts", "127.0.0.1")
        .dir("var").dir("var/cache").file("var/cache/a", "a").file("var/cache/b", "b")
        .dir("keep").file("keep/x", "x").file("keep/y", "y")
        .bytes();
    static final byte[] TOP = new TestTar()
        .dir("etc").whiteout("etc/hosts")
        .dir("var/cache").opaque("var/cache").file("var/cache/new", "new")
        .file("etc/motd", "hi")
        .bytes();

    private BlobStore blobs;
    private LayerStore layers;
    private Snapshotter snapshots;

    private void open(String driver) {
        blobs = new BlobStore(root);
        layers = LayerStore.open(root, blobs, driver);
        snapshots = Snapshotters.forLayers(layers, root);
    }

    private Layer put(Digest parent, byte[] tar) {
        return layers.register(parent, blobs.put(new ByteArrayInputStream(tar), null), null);
    }

    /** Prepares {@code id} and makes sure it is removed after the test whatever happens. */
    private void prepare(String id, Digest chain, Long size) {
        cleanups.add(() -> snapshots.remove(id));
        snapshots.prepare(id, chain, size);
    }

    @AfterEach
    void cleanUp() throws Exception {
        for (Runnable r : cleanups.reversed()) {
            try {
                r.run();
            } catch (RuntimeException e) {
                System.err.println("cleanup: " + e);
            }
        }
        MountTable.unmountAll(root);
        for (String line : losetup().split("\n")) {
            if (line.contains(root.toString())) new HostCommandRunner().run(List.of("losetup", "-d", line.substring(0, line.indexOf(':'))), Duration.ofSeconds(30));
        }
    }

    private static String losetup() {
        return new HostCommandRunner().check(List.of("losetup", "-a"), Duration.ofSeconds(30));
    }

    private static List<String> tree(Path dir) throws IOException {
        try (Stream<Path> s = Files.walk(dir)) {
            return s.filter(p -> !p.equals(dir)).map(p -> dir.relativize(p).toString()).sorted().collect(Collectors.toList());
        }
    }

    private static Map<String, TarArchiveEntry> entries(InputStream in) throws IOException {
        Map<String, TarArchiveEntry> out = new LinkedHashMap<>();
        try (TarArchiveInputStream tar = new TarArchiveInputStream(in)) {
            for (TarArchiveEntry e; (e = tar.getNextEntry()) != null; ) out.put(e.getName(), e);
        }
        return out;
    }

    @ParameterizedTest
    @ValueSource(strings = {"overlay2", "vfs"})
    void writableLayerOverTwoLayers(String driver) throws Exception {
        open(driver);
        Layer base = put(null, BASE);
        Layer top = put(base.chainId(), TOP);
        layers.release(base.chainId()); // only the "image" reference on the top layer remains
        prepare("c1", top.chainId(), null);

        Path rootfs = snapshots.mount("c1");
        assertThat(snapshots.mount("c1")).isEqualTo(rootfs);
        assertThat(tree(rootfs)).containsExactly("etc", "etc/motd", "etc/passwd", "keep", "keep/x", "keep/y",
            "var", "var/cache", "var/cache/new");

        Files.writeString(rootfs.resolve("etc/passwd"), "root:x:0:0:changed");
        Files.writeString(rootfs.resolve("etc/new.txt"), "new");
        Xattrs.set(rootfs.resolve("etc/new.txt"), "user.note", new byte[] {1, (byte) 0xff, 2});
        Files.delete(rootfs.resolve("etc/motd"));
        Files.delete(rootfs.resolve("keep/x"));
        Files.createDirectories(rootfs.resolve("newdir/sub"));
        Files.writeString(rootfs.resolve("newdir/file"), "12345");
        Files.createLink(rootfs.resolve("newdir/link"), rootfs.resolve("newdir/file"));
        Files.createSymbolicLink(rootfs.resolve("newdir/sym"), Path.of("../etc/passwd"));
        FileTrees.deleteRecursively(rootfs.resolve("var/cache"));
        Files.createDirectory(rootfs.resolve("var/cache"));
        Files.writeString(rootfs.resolve("var/cache/again"), "again");

        List<Change> changes = snapshots.changes("c1");
        assertThat(changes).contains(
            new Change("/etc", Kind.MODIFIED), new Change("/etc/passwd", Kind.MODIFIED),
            new Change("/etc/new.txt", Kind.ADDED), new Change("/etc/motd", Kind.DELETED),
            new Change("/keep", Kind.MODIFIED), new Change("/keep/x", Kind.DELETED),
            new Change("/newdir", Kind.ADDED), new Change("/newdir/sub", Kind.ADDED),
            new Change("/newdir/file", Kind.ADDED), new Change("/newdir/link", Kind.ADDED),
            new Change("/newdir/sym", Kind.ADDED),
            new Change("/var/cache", Kind.MODIFIED), new Change("/var/cache/new", Kind.DELETED),
            new Change("/var/cache/again", Kind.ADDED));
        assertThat(changes).extracting(Change::path).doesNotContain("/etc/hosts", "/keep/y", "/var/cache/a")
            .isSorted().doesNotHaveDuplicates();

        Map<String, TarArchiveEntry> tar;
        try (InputStream in = snapshots.diffTar("c1")) {
            tar = entries(in);
        }
        assertThat(tar).containsKeys("etc/", "etc/passwd", "etc/new.txt", "etc/.wh.motd", "keep/.wh.x",
            "newdir/", "newdir/sub/", "newdir/file", "newdir/sym", "var/cache/again");
        assertThat(tar.keySet()).doesNotContain("keep/y", "etc/hosts", "etc/.wh.hosts");
        assertThat(tar.get("newdir/link").isLink()).isTrue();
        assertThat(tar.get("newdir/link").getLinkName()).isEqualTo("newdir/file");
        assertThat(tar.get("newdir/sym").getLinkName()).isEqualTo("../etc/passwd");
        assertThat(tar.get("etc/new.txt").getExtraPaxHeaders()).containsKey("SCHILY.xattr.user.note");
        assertThat(tar.get("etc/passwd").getSize()).isEqualTo("root:x:0:0:changed".length());
        if (driver.equals("overlay2")) {
            assertThat(tar).containsKey("var/cache/.wh..wh..opq");
            assertThat(tar.values()).noneMatch(e -> e.isCharacterDevice());
            assertThat(snapshots.driverData("c1")).containsOnlyKeys("LowerDir", "UpperDir", "WorkDir", "MergedDir")
                .containsEntry("MergedDir", rootfs.toString())
                .containsEntry("LowerDir", layers.diffDir(top.chainId()) + ":" + layers.diffDir(base.chainId()));
        } else {
            assertThat(tar).containsKey("var/cache/.wh.new");
            assertThat(snapshots.driverData("c1")).isEmpty();
        }
        assertThat(snapshots.sizeRw("c1")).isGreaterThanOrEqualTo("root:x:0:0:changed12345againnew".length());

        snapshots.unmount("c1");
        snapshots.unmount("c1");
        snapshots.remove("c1");
        snapshots.remove("c1");
        assertThat(MountTable.mountsUnder(root)).isEmpty();
        assertThat(root.resolve("containers-rootfs/c1")).doesNotExist();
        assertThat(layers.layers()).hasSize(2); // the image still holds them
        layers.release(top.chainId());
        assertThat(layers.removeUnreferenced()).isEmpty();
        assertThat(layers.layers()).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"overlay2", "vfs"})
    void diffTarReappliesAsALayer(String driver) throws Exception {
        open(driver);
        Layer base = put(null, BASE);
        Layer top = put(base.chainId(), TOP);
        prepare("c1", top.chainId(), null);
        Path rootfs = snapshots.mount("c1");
        Files.delete(rootfs.resolve("keep/x"));
        Files.writeString(rootfs.resolve("etc/added"), "a");
        FileTrees.deleteRecursively(rootfs.resolve("var/cache"));
        Files.createDirectory(rootfs.resolve("var/cache"));
        Files.writeString(rootfs.resolve("var/cache/again"), "again");
        byte[] binary = {1, 0, (byte) 0xc3, (byte) 0x28, (byte) 0xff};
        Xattrs.set(rootfs.resolve("etc/added"), "user.bin", binary);
        String longName = "d".repeat(90) + "/" + "é".repeat(60);
        Files.createDirectories(rootfs.resolve(longName).getParent());
        Files.writeString(rootfs.resolve(longName), "long");
        byte[] diff;
        try (InputStream in = snapshots.diffTar("c1")) {
            diff = in.readAllBytes();
        }
        Layer committed = put(top.chainId(), diff);
        prepare("c2", committed.chainId(), null);
        Path again = snapshots.mount("c2");
        assertThat(tree(again)).isEqualTo(tree(rootfs));
        assertThat(Xattrs.get(again.resolve("etc/added"), "user.bin")).hasValueSatisfying(v -> assertThat(v).isEqualTo(binary));
        assertThat(Files.readString(again.resolve(longName))).isEqualTo("long");
        assertThat(snapshots.changes("c2")).isEmpty();
    }

    @Test
    void aFailingProducerFailsTheReader() {
        InputStream in = LayerTarWriter.stream("t", w -> {
            throw new IOException("disk on fire");
        });
        assertThatThrownBy(in::readAllBytes).isInstanceOf(IOException.class).hasMessageContaining("disk on fire");
    }

    @Test
    void sixtyLayersMount() throws Exception {
        open("overlay2");
        Digest chain = null;
        for (int i = 0; i < 60; i++) {
            chain = put(chain, new TestTar().file("f" + i, "layer " + i).bytes()).chainId();
        }
        String absolute = layers.lowerDirs(chain).stream().map(Path::toString).collect(Collectors.joining(":"));
        assertThat(absolute.length()).isGreaterThan(OverlaySnapshotter.MAX_OPTIONS); // the short path form is needed
        prepare("many", chain, null);
        Path rootfs = snapshots.mount("many");
        assertThat(tree(rootfs)).hasSize(60);
        assertThat(Files.readString(rootfs.resolve("f0"))).isEqualTo("layer 0");
        assertThat(Files.readString(rootfs.resolve("f59"))).isEqualTo("layer 59");
        snapshots.remove("many");
        assertThat(MountTable.mountsUnder(root)).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"overlay2", "vfs"})
    void sizeLimitFillsUpAndLoopDeviceGoesAway(String driver) throws Exception {
        open(driver);
        Layer base = put(null, BASE);
        prepare("small", base.chainId(), 32L << 20);
        Path rootfs = snapshots.mount("small");
        assertThat(losetup()).contains(root.resolve("containers-rootfs/small/rw.img").toString());
        byte[] mib = new byte[1 << 20];
        assertThatThrownBy(() -> {
            try (OutputStream out = Files.newOutputStream(rootfs.resolve("big"))) {
                for (int i = 0; i < 64; i++) out.write(mib);
            }
        }).isInstanceOf(IOException.class).hasMessageContaining("No space left on device");
        snapshots.remove("small");
        assertThat(MountTable.mountsUnder(root)).isEmpty();
        assertThat(losetup()).doesNotContain(root.toString());
        assertThat(root.resolve("containers-rootfs/small")).doesNotExist();
    }

    @ParameterizedTest
    @ValueSource(strings = {"overlay2", "vfs"})
    void emptyImageAndRestartAndHalfPrepared(String driver) throws Exception {
        open(driver);
        prepare("empty", null, null);
        Files.writeString(snapshots.mount("empty").resolve("hello"), "hi");
        assertThat(snapshots.changes("empty")).containsExactly(new Change("/hello", Kind.ADDED));

        // a prepare that died half-way: directories but no record
        Path half = Files.createDirectories(root.resolve("containers-rootfs/half/rw/diff"));
        Files.writeString(half.resolve("junk"), "junk");
        assertThatThrownBy(() -> snapshots.mount("half")).isInstanceOf(BerthException.NotFound.class);
        Layer base = put(null, BASE);
        prepare("half", base.chainId(), null);
        assertThat(tree(snapshots.mount("half"))).doesNotContain("junk").contains("etc/passwd");
        snapshots.prepare("half", base.chainId(), null); // idempotent: no second reference

        // daemon restart: fresh stores (counts start at zero); restore re-takes the reference once
        snapshots.unmount("half");
        blobs = new BlobStore(root);
        layers = LayerStore.open(root, blobs, driver);
        snapshots = Snapshotters.forLayers(layers, root);
        snapshots.restore("half", base.chainId());
        snapshots.restore("half", base.chainId());
        assertThat(layers.removeUnreferenced()).isEmpty();
        assertThat(layers.layers()).hasSize(1);
        assertThat(tree(snapshots.mount("half"))).contains("etc/passwd");
        snapshots.remove("half");
        assertThat(layers.layers()).isEmpty();
        assertThatThrownBy(() -> snapshots.restore("gone", null)).isInstanceOf(BerthException.NotFound.class);
        assertThatThrownBy(() -> snapshots.prepare("../evil", null, null)).isInstanceOf(BerthException.InvalidArgument.class);
    }
}
