package dev.berth.sys;

import static java.nio.file.LinkOption.NOFOLLOW_LINKS;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SysCallsTest {
    @TempDir Path dir;

    private static int mode(Path p) throws Exception {
        return (Integer) Files.getAttribute(p, "unix:mode", NOFOLLOW_LINKS);
    }

    @Test
    void whiteoutIsCharDevice00() throws Exception {
        Path wh = dir.resolve("gone");
        SpecialFiles.whiteout(wh);
        assertThat(mode(wh) & 0170000).isEqualTo(SpecialFiles.S_IFCHR);
        assertThat((Long) Files.getAttribute(wh, "unix:rdev", NOFOLLOW_LINKS)).isZero();
    }

    @Test
    void devicesAndFifos() throws Exception {
        Path nul = dir.resolve("null");
        SpecialFiles.charDevice(nul, 0666, 1, 3);
        long rdev = (Long) Files.getAttribute(nul, "unix:rdev", NOFOLLOW_LINKS);
        assertThat(SpecialFiles.major(rdev)).isEqualTo(1);
        assertThat(SpecialFiles.minor(rdev)).isEqualTo(3);
        Path loop = dir.resolve("loop9");
        SpecialFiles.blockDevice(loop, 0660, 7, 300);
        long brdev = (Long) Files.getAttribute(loop, "unix:rdev", NOFOLLOW_LINKS);
        assertThat(mode(loop) & 0170000).isEqualTo(SpecialFiles.S_IFBLK);
        assertThat(SpecialFiles.minor(brdev)).isEqualTo(300);
        Path fifo = dir.resolve("fifo");
        SpecialFiles.fifo(fifo, 0600);
        assertThat(mode(fifo) & 0170000).isEqualTo(SpecialFiles.S_IFIFO);
    }

    @Test
    void makedevRoundTripsLargeNumbers() {
        long dev = SpecialFiles.makedev(4095 + 4096, 0x12345);
        assertThat(SpecialFiles.major(dev)).isEqualTo(8191);
        assertThat(SpecialFiles.minor(dev)).isEqualTo(0x12345);
    }

    @Test
    void errnoIsNamedInMessage() {
        assertThatThrownBy(() -> SpecialFiles.whiteout(dir.resolve("missing/x")))
            .isInstanceOf(ErrnoException.class)
            .hasMessageContaining("mknod")
            .hasMessageContaining("No such file or directory (ENOENT)")
            .satisfies(e -> assertThat(((ErrnoException) e).errno()).isEqualTo(ErrnoException.ENOENT));
    }

    @Test
    void chmodKeepsSpecialBits() throws Exception {
        Path f = Files.writeString(dir.resolve("suid"), "x");
        FileAttributes.chmod(f, 04755);
        assertThat(mode(f) & 07777).isEqualTo(04755);
        Path d = Files.createDirectory(dir.resolve("tmp"));
        FileAttributes.chmod(d, 01777);
        assertThat(mode(d) & 07777).isEqualTo(01777);
    }

    @Test
    void lchownAndTimesDoNotFollowSymlinks() throws Exception {
        Path target = Files.writeString(dir.resolve("target"), "x");
        Path link = Files.createSymbolicLink(dir.resolve("link"), target);
        FileAttributes.lchown(link, 1234, 5678);
        assertThat(Files.getAttribute(link, "unix:uid", NOFOLLOW_LINKS)).isEqualTo(1234);
        assertThat(Files.getAttribute(link, "unix:gid", NOFOLLOW_LINKS)).isEqualTo(5678);
        assertThat(Files.getAttribute(target, "unix:uid", NOFOLLOW_LINKS)).isEqualTo(0);

        Instant when = Instant.parse("2001-02-03T04:05:06.123456789Z");
        FileAttributes.setTimesNoFollow(link, when, when);
        FileTime linkTime = Files.getLastModifiedTime(link, NOFOLLOW_LINKS);
        assertThat(linkTime.toInstant()).isEqualTo(when);
        assertThat(Files.getLastModifiedTime(target).toInstant()).isNotEqualTo(when);
    }

    @Test
    void xattrsInTrustedAndSecurityNamespaces() throws Exception {
        Path d = Files.createDirectory(dir.resolve("opaque"));
        assertThat(Xattrs.get(d, "trusted.overlay.opaque")).isEmpty();
        Xattrs.set(d, "trusted.overlay.opaque", "y".getBytes(StandardCharsets.US_ASCII));
        Xattrs.set(d, "user.empty", new byte[0]);
        assertThat(Xattrs.get(d, "trusted.overlay.opaque")).hasValueSatisfying(v -> assertThat(v).containsExactly('y'));
        assertThat(Xattrs.get(d, "user.empty")).hasValueSatisfying(v -> assertThat(v).isEmpty());
        assertThat(Xattrs.list(d)).contains("trusted.overlay.opaque", "user.empty");
    }

    @Test
    void mountAndUnmountTmpfs() throws Exception {
        Path mnt = Files.createDirectory(dir.resolve("mnt"));
        Mounts.mount("berth-test", mnt, "tmpfs", Mounts.MS_NOSUID | Mounts.MS_NODEV, "size=1m");
        try {
            Files.writeString(mnt.resolve("inside"), "x");
            assertThat(Files.readString(java.nio.file.Path.of("/proc/self/mountinfo"))).contains(mnt.toString());
        } finally {
            Mounts.unmount(mnt, Mounts.MNT_DETACH);
        }
        assertThat(mnt.resolve("inside")).doesNotExist();
        assertThatThrownBy(() -> Mounts.unmount(mnt, 0)).isInstanceOf(ErrnoException.class).hasMessageContaining("EINVAL");
    }

    @Test
    void pathHandleResolvesThroughProc() throws Exception {
        Path sub = Files.createDirectory(dir.resolve("sub"));
        Files.writeString(sub.resolve("f"), "x");
        int fd = PathHandles.openDirectory(sub);
        try {
            assertThat(Files.readString(PathHandles.procPath(fd).resolve("f"))).isEqualTo("x");
        } finally {
            PathHandles.close(fd);
        }
        assertThatThrownBy(() -> PathHandles.openDirectory(sub.resolve("f")))
            .isInstanceOf(ErrnoException.class).hasMessageContaining("ENOTDIR");
    }
}
