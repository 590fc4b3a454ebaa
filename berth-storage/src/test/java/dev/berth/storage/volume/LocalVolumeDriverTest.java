package dev.berth.storage.volume;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.berth.common.error.BerthException;
import dev.berth.common.process.HostCommandRunner;
import dev.berth.storage.LoopFilesystem;
import dev.berth.storage.MountTable;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LocalVolumeDriverTest {
    @TempDir Path root;
    private LocalVolumeDriver driver;
    private final HostCommandRunner commands = new HostCommandRunner();

    @BeforeEach
    void create() {
        driver = new LocalVolumeDriver(root, commands);
    }

    /** Whatever a failing test left mounted or attached goes, so @TempDir can delete the tree. */
    @AfterEach
    void cleanUp() throws Exception {
        for (var v : driver.list()) {
            Path data = Path.of(v.mountpoint());
            if (MountTable.isMountPoint(data)) MountTable.unmount(data);
            new LoopFilesystem(commands).detach(root.resolve(v.name()).resolve("disk.ext4"));
        }
    }

    @Test
    void layoutIsDockerds() {
        var v = driver.create("data1", Map.of());
        assertThat(v.mountpoint()).isEqualTo(root.resolve("data1/_data").toString());
        assertThat(root.resolve("data1/_data")).isDirectory();
    }

    @Test
    void namesAreCheckedWithDockerdsWording() {
        assertThatThrownBy(() -> driver.create("x", Map.of())).isInstanceOf(BerthException.InvalidArgument.class)
            .hasMessage("volume name is too short, names should be at least two alphanumeric characters");
        assertThatThrownBy(() -> driver.create("x!", Map.of())).isInstanceOf(BerthException.InvalidArgument.class)
            .hasMessage("\"x!\" includes invalid characters for a local volume name, only \"[a-zA-Z0-9][a-zA-Z0-9_.-]\" are allowed. "
                + "If you intended to pass a host directory, use absolute path");
        assertThatThrownBy(() -> driver.create("../up", Map.of())).isInstanceOf(BerthException.InvalidArgument.class);
    }

    @Test
    void optionsAreCheckedWithDockerdsWording() {
        assertThatThrownBy(() -> driver.create("o1", Map.of("foo", "bar"))).hasMessage("invalid option: \"foo\"");
        assertThatThrownBy(() -> driver.create("o2", Map.of("o", "size=1m"))).hasMessage("missing required option: \"device\"");
        assertThatThrownBy(() -> driver.create("o3", Map.of("type", "tmpfs"))).hasMessage("missing required option: \"device\"");
        assertThatThrownBy(() -> driver.create("o4", Map.of("size", "1m"))).isInstanceOf(BerthException.InvalidArgument.class);
        assertThat(root.resolve("o1")).doesNotExist();
        assertThat(LocalVolumeOptions.parseSize("20m")).isEqualTo(20L << 20);
        assertThat(LocalVolumeOptions.parseSize("1.5GiB")).isEqualTo(3L << 29);
    }

    @Test
    void tmpfsIsMountedByTheFirstUserAndUnmountedAfterTheLast() throws Exception {
        assumeRoot();
        driver.create("tmp1", Map.of("type", "tmpfs", "device", "tmpfs", "o", "size=1m"));
        Path data = root.resolve("tmp1/_data");
        assertThat(MountTable.isMountPoint(data)).isFalse();
        driver.mount("tmp1", "a");
        driver.mount("tmp1", "b");
        assertThat(MountTable.isMountPoint(data)).isTrue();
        driver.unmount("tmp1", "a");
        assertThat(MountTable.isMountPoint(data)).isTrue();
        driver.unmount("tmp1", "b");
        assertThat(MountTable.isMountPoint(data)).isFalse();
        assertThat(driver.options("tmp1")).containsEntry("type", "tmpfs").containsEntry("o", "size=1m");
    }

    @Test
    void sizeLimitedVolumeFillsUpAndLeavesNoLoopDeviceBehind() throws Exception {
        assumeRoot();
        driver.create("small", Map.of("size", "20m"));
        Path image = root.resolve("small/disk.ext4");
        Path data = Path.of(driver.mount("small", "a"));
        assertThat(MountTable.isMountPoint(data)).isTrue();
        assertThatThrownBy(() -> fill(data.resolve("big"), 64L << 20)).isInstanceOf(IOException.class)
            .hasMessageContaining("No space left on device");
        Files.delete(data.resolve("big"));
        Files.writeString(data.resolve("kept"), "yes");
        driver.unmount("small", "a");
        assertThat(new LoopFilesystem(commands).devices(image)).isEmpty();
        assertThat(Files.readString(Path.of(driver.mount("small", "b")).resolve("kept"))).isEqualTo("yes");
        driver.unmount("small", "b");
        driver.remove("small");
        assertThat(root.resolve("small")).doesNotExist();
    }

    @Test
    void aMountedVolumeIsNotRemoved() {
        driver.create("busy", Map.of());
        driver.mount("busy", "a");
        assertThatThrownBy(() -> driver.remove("busy")).isInstanceOf(BerthException.Conflict.class);
        driver.unmount("busy", "a");
        driver.remove("busy");
    }

    private static void fill(Path file, long bytes) throws IOException {
        byte[] chunk = new byte[1 << 20];
        try (OutputStream out = Files.newOutputStream(file)) {
            for (long n = 0; n < bytes; n += chunk.length) out.write(chunk);
            out.flush();
        }
    }

    private static void assumeRoot() {
        Assumptions.assumeTrue("root".equals(System.getProperty("user.name")), "mounting needs root");
    }
}
