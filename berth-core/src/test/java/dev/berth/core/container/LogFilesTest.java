package dev.berth.core.container;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LogFilesTest {
    @TempDir Path dir;

    @Test
    void rotationShiftsTheFilesAndDropsTheOldest() throws Exception {
        Path log = dir.resolve("container.log");
        for (int i = 1; i <= 4; i++) {
            Files.writeString(log, "gen" + i);
            LogFiles.rotate(log, 3);
        }
        Files.writeString(log, "gen5");
        Files.writeString(dir.resolve("container.log.tmp"), "conmon's temporary file");
        assertThat(LogFiles.oldestFirst(log))
            .containsExactly(LogFiles.rotated(log, 2), LogFiles.rotated(log, 1), log);
        assertThat(Files.readString(LogFiles.rotated(log, 2))).isEqualTo("gen3");
        assertThat(Files.readString(LogFiles.rotated(log, 1))).isEqualTo("gen4");
    }

    @Test
    void withoutACurrentFileOnlyTheRotatedOnesAreListed() throws Exception {
        Path log = dir.resolve("container.log");
        Files.writeString(log, "x");
        LogFiles.rotate(log, 2);
        assertThat(LogFiles.oldestFirst(log)).containsExactly(LogFiles.rotated(log, 1));
    }
}
