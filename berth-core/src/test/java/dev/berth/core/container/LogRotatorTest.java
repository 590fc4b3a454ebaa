package dev.berth.core.container;

import static org.assertj.core.api.Assertions.assertThat;

import dev.berth.common.error.BerthException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LogRotatorTest {
    @TempDir Path dir;
    private final List<String> reopened = new ArrayList<>();

    private Container container(String name, ContainerState state, Map<String, String> opts) {
        Container c = Fixtures.container(name, state, Instant.EPOCH, Map.of());
        Path log = dir.resolve(name).resolve("container.log");
        return new Container(c.id(), c.name(), c.created(), c.path(), c.args(), c.config(),
            c.hostConfig().withLogConfig(new LogConfig("json-file", opts)), c.imageId(), state, null, null, 0, false, log);
    }

    private static void write(Container c, int bytes) throws Exception {
        Files.createDirectories(c.logPath().getParent());
        Files.write(c.logPath(), new byte[bytes]);
    }

    @Test
    void aFullLogOfARunningContainerIsRotatedAndItsWriterReopens() throws Exception {
        Container full = container("full", new ContainerState.Running(1), Map.of("max-size", "1k", "max-file", "3"));
        Container small = container("small", new ContainerState.Running(2), Map.of("max-size", "1k", "max-file", "3"));
        Container stopped = container("stopped", new ContainerState.Exited(0, false, ""), Map.of("max-size", "1k", "max-file", "3"));
        Container oneFile = container("one", new ContainerState.Running(3), Map.of("max-size", "1k"));
        for (Container c : List.of(full, stopped, oneFile)) write(c, 1000);
        write(small, 999);
        var rotator = new LogRotator(() -> List.of(full, small, stopped, oneFile), reopened::add, false);

        rotator.rotateDue();

        assertThat(reopened).containsExactly(full.id());
        assertThat(LogFiles.oldestFirst(full.logPath())).containsExactly(LogFiles.rotated(full.logPath(), 1));
        for (Container c : List.of(small, stopped, oneFile)) assertThat(LogFiles.oldestFirst(c.logPath())).containsExactly(c.logPath());
        // until the writer has made a new file there is nothing to rotate
        rotator.rotateDue();
        assertThat(reopened).hasSize(1);
    }

    @Test
    void aWriterThatIsGoneLeavesAnEmptyCurrentFile() throws Exception {
        Container c = container("gone", new ContainerState.Running(1), Map.of("max-size", "1k", "max-file", "2"));
        write(c, 2000);
        new LogRotator(() -> List.of(c), id -> { throw new BerthException.Conflict("gone"); }, false).rotateDue();
        // the container exited between the size check and the reopen: LogPath still names a file
        assertThat(LogFiles.oldestFirst(c.logPath())).containsExactly(LogFiles.rotated(c.logPath(), 1), c.logPath());
        assertThat(Files.size(c.logPath())).isZero();
        assertThat(Files.size(LogFiles.rotated(c.logPath(), 1))).isEqualTo(2000);
    }
}
