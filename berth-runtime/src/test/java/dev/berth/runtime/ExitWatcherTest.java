package dev.berth.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import dev.berth.core.runtime.ProcessExit;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The watch over conmon's exit directories, on a tree written the way conmon writes it. */
class ExitWatcherTest {
    @TempDir Path root;

    @Test
    void anExitWrittenThroughATemporaryFileIsReportedOnce() throws Exception {
        var exits = new LinkedBlockingQueue<ProcessExit>();
        Path dir = Files.createDirectories(root.resolve("containers/c1/exits"));
        try (var w = ExitWatcher.start(new ContainerDirs(root), exits::add, Duration.ofMillis(200))) {
            Path tmp = Files.writeString(dir.resolve("c1.K2X9QZ"), "0");
            Thread.sleep(300); // a rescan sees the temporary file too
            Files.move(tmp, dir.resolve("c1"), StandardCopyOption.ATOMIC_MOVE);
            assertThat(exits.poll(10, TimeUnit.SECONDS)).isEqualTo(ProcessExit.container("c1"));
            assertThat(exits.poll(600, TimeUnit.MILLISECONDS)).isNull();

            Path execDir = Files.createDirectories(root.resolve("containers/c1/exec/x1/exits"));
            Files.writeString(execDir.resolve("c1.AB12CD"), "0");
            Files.move(execDir.resolve("c1.AB12CD"), execDir.resolve("c1"), StandardCopyOption.ATOMIC_MOVE);
            assertThat(exits.poll(10, TimeUnit.SECONDS)).isEqualTo(ProcessExit.exec("c1", "x1"));
            assertThat(exits.poll(600, TimeUnit.MILLISECONDS)).isNull();
        }
    }
}
