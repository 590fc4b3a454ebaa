package dev.berth.daemon;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.berth.common.error.BerthException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DataRootLockTest {
    @TempDir Path tmp;

    @Test
    void secondLockOnTheSameRootIsRefusedUntilTheFirstIsReleased() {
        Path root = tmp.resolve("data");
        try (DataRootLock first = DataRootLock.acquire(root)) {
            assertThat(first.file()).exists();
            assertThatThrownBy(() -> DataRootLock.acquire(root))
                .isInstanceOf(BerthException.Conflict.class)
                .hasMessageContaining("in use by another berthd")
                .hasMessageContaining("pid " + ProcessHandle.current().pid());
        }
        DataRootLock.acquire(root).close();
    }

    @Test
    void pidFileRefusesALiveOwnerAndReplacesAStaleOne() throws Exception {
        Path pidfile = tmp.resolve("run/berthd.pid");
        Files.createDirectories(pidfile.getParent());
        Files.writeString(pidfile, "999999999\n");
        try (PidFile p = PidFile.create(pidfile)) {
            assertThat(Files.readString(pidfile).strip()).isEqualTo(Long.toString(ProcessHandle.current().pid()));
        }
        assertThat(pidfile).doesNotExist();
        long parent = ProcessHandle.current().parent().orElseThrow().pid();
        Files.writeString(pidfile, parent + "\n");
        assertThatThrownBy(() -> PidFile.create(pidfile)).isInstanceOf(BerthException.Conflict.class)
            .hasMessageContaining("pid file found");
        assertThat(Files.readString(pidfile).strip()).isEqualTo(Long.toString(parent));
    }
}
