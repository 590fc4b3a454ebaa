package dev.berth.core.container;

import static org.assertj.core.api.Assertions.assertThat;

import dev.berth.core.container.ContainerService.LogOptions;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** docker logs over a log the reader hands out in many batches, as it does for large files. */
class ContainerLogsTest {
    private static final int LINES = 25;

    /** A reader that returns at most 10 entries per call; the offset is the line number. */
    private static final ContainerLogReader BATCHED = (log, offset) -> {
        List<ContainerLogReader.Entry> out = new ArrayList<>();
        for (long i = offset; i < Math.min(LINES, offset + 10); i++) {
            out.add(new ContainerLogReader.Entry(Instant.EPOCH.plusSeconds(i), StdioSession.Stream.STDOUT,
                ("line" + i).getBytes(StandardCharsets.UTF_8), false));
        }
        return new ContainerLogReader.Batch(out, offset + out.size());
    };

    private static List<String> run(int tail) throws Exception {
        List<String> seen = new ArrayList<>();
        new ContainerLogs(BATCHED).write(Path.of("unused"), new LogOptions(true, true, false, null, null, false, tail),
            new ContainerService.LogSink() {
                @Override public void write(StdioSession.Stream s, Instant t, byte[] data) {
                    seen.add(new String(data, StandardCharsets.UTF_8).strip());
                }

                @Override public void flush() {}
            }, () -> false);
        return seen;
    }

    @Test
    void everyBatchIsRead() throws Exception {
        assertThat(run(-1)).hasSize(LINES).startsWith("line0").endsWith("line24");
    }

    @Test
    void tailSpansBatches() throws Exception {
        assertThat(run(12)).hasSize(12).startsWith("line13").endsWith("line24");
    }
}
