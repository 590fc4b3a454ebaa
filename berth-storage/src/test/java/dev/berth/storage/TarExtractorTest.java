package dev.berth.storage;

import static java.nio.file.LinkOption.NOFOLLOW_LINKS;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.berth.common.error.BerthException;
import dev.berth.core.image.Digest;
import dev.berth.sys.SpecialFiles;
import dev.berth.sys.Xattrs;
import dev.berth.testkit.TestTar;
import java.io.ByteArrayInputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TarExtractorTest {
    @TempDir Path root;

    private TarExtractor.Result extract(byte[] tar) {
        return TarExtractor.apply(new ByteArrayInputStream(tar), root, TarExtractor.Whiteouts.OVERLAY);
    }

    @Test
    void restoresTypesOwnersModesTimesAndHashesTheWholeTar() throws Exception {
        byte[] tar = new TestTar()
            .dir("bin", 0755)
            .file("bin/su", "suid".getBytes(), 04755, 0, 0)
            .file("home/u/f", "data".getBytes(), 0640, 1000, 1001)
            .symlink("bin/sh", "/bin/busybox")
            .hardlink("bin/su2", "bin/su")
            .charDevice("dev/null", 1, 3)
            .fifo("run/fifo")
            .dir("tmp", 01777)
            .bytes();
        TarExtractor.Result r = extract(tar);

        assertThat(r.diffId()).isEqualTo(Digest.sha256(tar));
        assertThat(r.tarSize()).isEqualTo(tar.length);
        assertThat(r.diffSize()).isEqualTo(8);
        assertThat(FileTrees.mode(root.resolve("bin/su")) & 07777).isEqualTo(04755);
        assertThat(FileTrees.mode(root.resolve("tmp")) & 07777).isEqualTo(01777);
        assertThat(Files.getAttribute(root.resolve("home/u/f"), "unix:uid")).isEqualTo(1000);
        assertThat(Files.getAttribute(root.resolve("home/u/f"), "unix:gid")).isEqualTo(1001);
        assertThat(Files.readSymbolicLink(root.resolve("bin/sh")).toString()).isEqualTo("/bin/busybox");
        assertThat(Files.isSameFile(root.resolve("bin/su"), root.resolve("bin/su2"))).isTrue();
        long rdev = (Long) Files.getAttribute(root.resolve("dev/null"), "unix:rdev", NOFOLLOW_LINKS);
        assertThat(SpecialFiles.major(rdev)).isEqualTo(1);
        assertThat(SpecialFiles.minor(rdev)).isEqualTo(3);
        assertThat(FileTrees.mode(root.resolve("run/fifo")) & FileTrees.S_IFMT).isEqualTo(SpecialFiles.S_IFIFO);
        assertThat(Files.getLastModifiedTime(root.resolve("bin")).toInstant()).isEqualTo(TestTar.MTIME);
        assertThat(Files.getLastModifiedTime(root.resolve("bin/sh"), NOFOLLOW_LINKS).toInstant()).isEqualTo(TestTar.MTIME);
    }

    @Test
    void keepsBinaryXattrBytesExactly() throws Exception {
        byte[] cap = {1, 0, 0, 2, (byte) 0x80, (byte) 0xff, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0};
        byte[] tar = new TestTar()
            .fileWithRawPax("bin/ping", "x", Map.of("SCHILY.xattr.security.capability", cap,
                "SCHILY.xattr.user.note", "hi".getBytes()))
            .bytes();
        extract(tar);
        assertThat(Xattrs.get(root.resolve("bin/ping"), "security.capability"))
            .hasValueSatisfying(v -> assertThat(Arrays.equals(v, cap)).isTrue());
        assertThat(Xattrs.get(root.resolve("bin/ping"), "user.note")).hasValueSatisfying(v -> assertThat(v).isEqualTo("hi".getBytes()));
    }

    @Test
    void refusesParentTraversal() {
        byte[] tar = new TestTar().file("../escape", "x").bytes();
        assertThatThrownBy(() -> extract(tar)).isInstanceOf(BerthException.InvalidArgument.class)
            .hasMessageContaining("escapes");
        assertThat(root.getParent().resolve("escape")).doesNotExist();
    }

    @Test
    void refusesHardlinkOutsideTheLayer() {
        byte[] tar = new TestTar().hardlink("shadow", "../../etc/shadow").bytes();
        assertThatThrownBy(() -> extract(tar)).isInstanceOf(BerthException.InvalidArgument.class);
    }

    @Test
    void writesThroughAbsoluteSymlinksStayInsideTheRoot() throws Exception {
        Path outside = Files.createTempDirectory("berth-outside");
        try {
            byte[] tar = new TestTar()
                .symlink("evil", outside.toString())
                .symlink("up", "../../../../..")
                .file("evil/pwned", "x")
                .file("up/tmp/pwned2", "x")
                .bytes();
            extract(tar);
            assertThat(outside.resolve("pwned")).doesNotExist();
            assertThat(root.resolve(outside.toString().substring(1)).resolve("pwned")).exists();
            assertThat(root.resolve("tmp/pwned2")).exists();
        } finally {
            FileTrees.deleteRecursively(outside);
        }
    }

    @Test
    void truncatedTarIsInvalid() {
        byte[] tar = new TestTar().file("a", "x".repeat(5000)).bytes();
        byte[] cut = Arrays.copyOf(tar, 1500);
        assertThatThrownBy(() -> extract(cut)).isInstanceOf(BerthException.InvalidArgument.class);
    }

    @Test
    void garbageIsInvalid() {
        byte[] junk = "this is not a tar archive at all, just some text. ".repeat(40).getBytes();
        assertThatThrownBy(() -> extract(junk)).isInstanceOf(BerthException.InvalidArgument.class);
    }
}
