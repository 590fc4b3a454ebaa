package dev.berth.core.container;

import static org.assertj.core.api.Assertions.assertThat;

import dev.berth.core.container.ContainerService.LogOptions;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** docker logs over a log that is rotated: oldest file first, tail across files, following across a rotation. */
class ContainerLogsTest {
    @TempDir Path dir;

    private List<String> run(Path log, int tail, boolean follow, AtomicBoolean running) throws Exception {
        List<String> seen = new CopyOnWriteArrayList<>();
        new ContainerLogs(new PlainLineReader()).write(log, new LogOptions(true, true, follow, null, null, false, tail),
            new ContainerService.LogSink() {
                @Override public void write(StdioSession.Stream s, Instant t, byte[] data) {
                    seen.add(new String(data, StandardCharsets.UTF_8).strip());
                }

                @Override public void flush() {}
            }, running::get);
        return seen;
    }

    private static String[] lines(int from, int to) {
        return IntStream.range(from, to).mapToObj(i -> "line" + i).toArray(String[]::new);
    }

    private Path threeFiles() throws Exception {
        Path log = dir.resolve("container.log");
        PlainLineReader.append(LogFiles.rotated(log, 2), lines(0, 10));
        PlainLineReader.append(LogFiles.rotated(log, 1), lines(10, 20));
        PlainLineReader.append(log, lines(20, 25));
        return log;
    }

    @Test
    void rotatedFilesAreReadOldestFirst() throws Exception {
        assertThat(run(threeFiles(), -1, false, new AtomicBoolean())).containsExactly(lines(0, 25));
    }

    @Test
    void tailSpansFiles() throws Exception {
        assertThat(run(threeFiles(), 12, false, new AtomicBoolean())).containsExactly(lines(13, 25));
    }

    @Test
    void aMissingLogReadsAsEmpty() throws Exception {
        assertThat(run(dir.resolve("container.log"), -1, false, new AtomicBoolean())).isEmpty();
    }

    @Test
    void followingCrossesRotationsWithoutLosingOrRepeatingLines() throws Exception {
        Path log = dir.resolve("container.log");
        PlainLineReader.append(log, lines(0, 5));
        AtomicBoolean running = new AtomicBoolean(true);
        List<String>[] seen = new List[1];
        Thread follower = Thread.ofVirtual().start(() -> {
            try {
                seen[0] = run(log, -1, true, running);
            } catch (Exception e) {
                throw new RuntimeException(e);
            }
        });
        Thread.sleep(300);
        int next = 5;
        for (int round = 0; round < 4; round++) {
            LogFiles.rotate(log, 3);
            // the writer has not reopened yet: its lines still go to the renamed file
            PlainLineReader.append(LogFiles.rotated(log, 1), lines(next, next + 3));
            next += 3;
            Thread.sleep(round % 2 == 0 ? 250 : 0);
            PlainLineReader.append(log, lines(next, next + 4));
            next += 4;
            Thread.sleep(250);
        }
        running.set(false);
        follower.join(5000);
        assertThat(seen[0]).containsExactly(lines(0, next));
        assertThat(Files.exists(LogFiles.rotated(log, 3))).isFalse();
    }

    @Test
    void aFileTheWriterReplacesIsReadToItsEndAndNotAgain() throws Exception {
        Path log = dir.resolve("container.log");
        PlainLineReader.append(LogFiles.rotated(log, 1), lines(0, 3));
        PlainLineReader.append(log, lines(3, 6));
        AtomicBoolean running = new AtomicBoolean(true);
        List<String>[] seen = new List[1];
        Thread follower = Thread.ofVirtual().start(() -> {
            try {
                seen[0] = run(log, -1, true, running);
            } catch (Exception e) {
                throw new RuntimeException(e);
            }
        });
        Thread.sleep(300);
        PlainLineReader.append(log, lines(6, 8));
        // conmon at its own size limit: a new file renamed over the current one
        Path tmp = dir.resolve("container.log.tmp");
        PlainLineReader.append(tmp, lines(8, 10));
        Files.move(tmp, log, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
        Thread.sleep(300);
        running.set(false);
        follower.join(5000);
        assertThat(seen[0]).containsExactly(lines(0, 10));
    }
}
