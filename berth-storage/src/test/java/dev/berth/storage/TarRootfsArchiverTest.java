package dev.berth.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.berth.common.error.BerthException;
import dev.berth.core.container.PathStat;
import dev.berth.core.container.RootfsArchiver.ExtractOptions;
import dev.berth.testkit.TestTar;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TarRootfsArchiverTest {
    @TempDir Path root;
    @TempDir Path outside;
    private final TarRootfsArchiver archiver = new TarRootfsArchiver();

    @BeforeEach
    void rootfs() throws Exception {
        Files.createDirectories(root.resolve("etc/conf.d"));
        Files.writeString(root.resolve("etc/passwd"), "root:x:0:0\n");
        Files.writeString(root.resolve("etc/conf.d/a"), "a\n");
        Files.createDirectories(root.resolve("bin"));
        Files.writeString(root.resolve("bin/busybox"), "bb");
        Files.createSymbolicLink(root.resolve("bin/sh"), Path.of("busybox"));
        // absolute links must resolve inside the container root, never on the host
        Files.createSymbolicLink(root.resolve("escape"), outside);
        Files.createSymbolicLink(root.resolve("hostetc"), Path.of("/etc"));
    }

    @Test
    void cleansPathsKeepingTrailingSlashAndDot() {
        assertThat(TarRootfsArchiver.parse("etc/passwd")).isEqualTo(new TarRootfsArchiver.ContainerPath("/etc/passwd", "/etc/", "passwd"));
        assertThat(TarRootfsArchiver.parse("/etc//x/../conf.d/")).isEqualTo(new TarRootfsArchiver.ContainerPath("/etc/conf.d/", "/etc/conf.d/", ""));
        assertThat(TarRootfsArchiver.parse("/etc/.").absolute()).isEqualTo("/etc/.");
        assertThat(TarRootfsArchiver.parse("/etc/.").name()).isEqualTo(".");
        assertThat(TarRootfsArchiver.parse("/../..").absolute()).isEqualTo("/");
        assertThat(TarRootfsArchiver.parse("/").name()).isEqualTo("/");
        assertThat(TarRootfsArchiver.parse("/etc/").name()).isEqualTo("etc");
    }

    @Test
    void statsTheLastElementWithoutFollowingIt() {
        PathStat sh = archiver.stat(root, "/bin/sh");
        assertThat(sh.name()).isEqualTo("sh");
        assertThat(sh.mode() & 0170000).isEqualTo(0120000);
        assertThat(sh.linkTarget()).isEqualTo("/bin/busybox");
        PathStat dir = archiver.stat(root, "/etc/");
        assertThat(dir.name()).isEqualTo("etc");
        assertThat(dir.mode() & 0170000).isEqualTo(0040000);
        assertThat(archiver.stat(root, "/etc/passwd").size()).isEqualTo(11);
        assertThat(archiver.stat(root, "/nope")).isNull();
        assertThat(archiver.stat(root, "/nope/deeper")).isNull();
    }

    @Test
    void symlinksResolveAsIfChrooted() throws Exception {
        // "/hostetc/passwd" is the container's /etc/passwd, not the host's
        assertThat(archiver.stat(root, "/hostetc/passwd").size()).isEqualTo(11);
        assertThat(archiver.stat(root, "/hostetc").linkTarget()).isEqualTo("/etc");
        assertThat(archiver.stat(root, "/escape/x")).isNull();
        archiver.extract(root, "/hostetc", tar(new TestTar().file("new", "n\n")), ExtractOptions.DEFAULT);
        assertThat(root.resolve("etc/new")).hasContent("n");
        assertThat(Path.of("/etc/new")).doesNotExist();
    }

    @Test
    void archivesUnderTheRequestedNameAndTrailingDotMeansContents() throws Exception {
        assertThat(names(archiver.archive(root, "/etc"))).containsExactly("etc/", "etc/conf.d/", "etc/conf.d/a", "etc/passwd");
        assertThat(names(archiver.archive(root, "/etc/."))).containsExactly("./", "./conf.d/", "./conf.d/a", "./passwd");
        // a mount point archived from its own source keeps its name in the container
        assertThat(names(archiver.archive(root.resolve("etc"), "/", "data"))).containsExactly("data/", "data/conf.d/", "data/conf.d/a", "data/passwd");
        assertThat(names(archiver.archive(root, "/bin/sh"))).containsExactly("sh");
        assertThatThrownBy(() -> archiver.archive(root, "/nope")).isInstanceOf(BerthException.NotFound.class);
    }

    @Test
    void exportHasNoEntryForTheRootItself() throws Exception {
        List<String> names = names(archiver.export(root));
        assertThat(names).contains("bin/", "bin/busybox", "bin/sh", "etc/passwd").doesNotContain("./", "/");
    }

    @Test
    void extractsIntoAnExistingDirectoryOnly() throws Exception {
        archiver.extract(root, "/etc", tar(new TestTar().dir("d").file("d/f", "x\n")), ExtractOptions.DEFAULT);
        assertThat(root.resolve("etc/d/f")).hasContent("x");
        assertThatThrownBy(() -> archiver.extract(root, "/nope", tar(new TestTar().file("f", "x")), ExtractOptions.DEFAULT))
            .isInstanceOf(BerthException.NotFound.class);
        assertThatThrownBy(() -> archiver.extract(root, "/etc/passwd", tar(new TestTar().file("f", "x")), ExtractOptions.DEFAULT))
            .isInstanceOf(BerthException.InvalidArgument.class).hasMessage("extraction point is not a directory");
    }

    @Test
    void noOverwriteDirNonDirRefusesAsDockerd() throws Exception {
        var options = new ExtractOptions(true, null, null);
        assertThatThrownBy(() -> archiver.extract(root, "/", tar(new TestTar().file("etc", "x")), options))
            .hasMessage("cannot overwrite directory \"/etc\" with non-directory \"/\"");
        assertThatThrownBy(() -> archiver.extract(root, "/etc", tar(new TestTar().dir("passwd")), options))
            .hasMessage("cannot overwrite non-directory \"/etc/passwd\" with directory \"/etc\"");
        archiver.extract(root, "/etc", tar(new TestTar().file("passwd", "replaced\n")), options);
        assertThat(root.resolve("etc/passwd")).hasContent("replaced");
    }

    @Test
    void ownerOverrideAppliesToEveryEntry() throws Exception {
        archiver.extract(root, "/", tar(new TestTar().file("owned", "o".getBytes(), 0600, 0, 0)), new ExtractOptions(false, 1234, 4321));
        assertThat(Files.getAttribute(root.resolve("owned"), "unix:uid")).isEqualTo(1234);
        assertThat(Files.getAttribute(root.resolve("owned"), "unix:gid")).isEqualTo(4321);
    }

    private static InputStream tar(TestTar t) {
        return new ByteArrayInputStream(t.bytes());
    }

    private static List<String> names(InputStream tar) throws Exception {
        List<String> out = new ArrayList<>();
        try (var in = new TarArchiveInputStream(tar)) {
            TarArchiveEntry e;
            while ((e = in.getNextEntry()) != null) out.add(e.getName());
        }
        return out;
    }
}
