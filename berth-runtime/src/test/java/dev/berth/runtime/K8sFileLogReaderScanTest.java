package dev.berth.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import dev.berth.core.container.ContainerLogReader;
import dev.berth.core.container.StdioSession.Stream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The streaming path of docker logs must see exactly what the entry path sees. */
class K8sFileLogReaderScanTest {
    @TempDir Path dir;
    private final K8sFileLogReader reader = new K8sFileLogReader();

    record Seen(Stream stream, String text, boolean partial, Instant time) {}

    private List<Seen> scan(Path log, long[] next) throws IOException {
        List<Seen> seen = new ArrayList<>();
        next[0] = reader.scan(log, 0, l -> seen.add(new Seen(l.stream(),
            new String(l.buffer(), l.textStart(), l.textEnd() - l.textStart(), StandardCharsets.UTF_8), l.partial(), l.time())));
        return seen;
    }

    @Test
    void streamsPartialsEmptyLinesAndTheUnfinishedTail() throws IOException {
        String complete = """
            2026-11-22T06:31:05.123456789+00:00 stdout F hello world
            2026-11-22T06:31:05.2Z stderr F oops
            2026-11-22T06:31:06+00:00 stdout P no newline yet
            not a log line
            2026-11-22T06:31:07+00:00 stdout F
            """;
        Path log = Files.writeString(dir.resolve("c.log"), complete + "2026-11-22T06:31:08+00:00 stdout F half");
        long[] next = new long[1];
        List<Seen> seen = scan(log, next);
        assertThat(seen).containsExactly(
            new Seen(Stream.STDOUT, "hello world", false, Instant.parse("2026-11-22T06:31:05.123456789Z")),
            new Seen(Stream.STDERR, "oops", false, Instant.parse("2026-11-22T06:31:05.2Z")),
            new Seen(Stream.STDOUT, "no newline yet", true, Instant.parse("2026-11-22T06:31:06Z")),
            new Seen(Stream.STDOUT, "", false, Instant.parse("2026-11-22T06:31:07Z")));
        assertThat(next[0]).isEqualTo(complete.getBytes(StandardCharsets.UTF_8).length);

        List<String> viaEntries = reader.read(log, 0).entries().stream()
            .map(e -> e.stream() + ":" + new String(e.data(), StandardCharsets.UTF_8)).toList();
        assertThat(viaEntries).containsExactlyElementsOf(seen.stream().map(s -> s.stream() + ":" + s.text()).toList());
    }

    @Test
    void aLogLargerThanOneReadIsScannedWhole() throws IOException {
        String line = "2026-11-22T06:31:05.123456789+00:00 stdout F " + "x".repeat(100) + "\n";
        int lines = (9 << 20) / line.length() + 10; // more than the 8 MiB read size
        Path log = Files.writeString(dir.resolve("big.log"), line.repeat(lines));
        long[] count = new long[1];
        long next = reader.scan(log, 0, l -> count[0]++);
        assertThat(count[0]).isEqualTo(lines);
        assertThat(next).isEqualTo(Files.size(log));
        assertThat(reader.scan(log, next, l -> count[0]++)).isEqualTo(next);
    }

    @Test
    void aMissingLogIsEmpty() throws IOException {
        ContainerLogReader r = reader;
        assertThat(r.scan(dir.resolve("none.log"), 0, l -> { throw new AssertionError(); })).isZero();
    }
}
