package dev.berth.api.routes;

import static org.assertj.core.api.Assertions.assertThat;

import dev.berth.core.container.StdioSession.Stream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class MultiplexedStreamTest {
    private final ByteArrayOutputStream wire = new ByteArrayOutputStream();
    private final MultiplexedStream stream = new MultiplexedStream(wire, false);

    record Frame(int stream, String text) {}

    /** Decodes stdcopy frames as Docker's client does. */
    private List<Frame> frames() {
        ByteBuffer b = ByteBuffer.wrap(wire.toByteArray());
        List<Frame> out = new ArrayList<>();
        while (b.hasRemaining()) {
            int s = b.get();
            b.position(b.position() + 3);
            byte[] payload = new byte[b.getInt()];
            b.get(payload);
            out.add(new Frame(s, new String(payload, StandardCharsets.UTF_8)));
        }
        return out;
    }

    private void write(Stream s, String text) throws IOException {
        stream.write(s, text.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void linesOfOneStreamShareAFrameAndStreamOrderIsKept() throws IOException {
        write(Stream.STDOUT, "a\n");
        write(Stream.STDOUT, "b\n");
        write(Stream.STDERR, "oops\n");
        write(Stream.STDOUT, "c\n");
        assertThat(wire.size()).as("a frame leaves when the stream changes; c waits").isEqualTo((8 + 4) + (8 + 5));
        stream.flush();
        assertThat(frames()).containsExactly(new Frame(1, "a\nb\n"), new Frame(2, "oops\n"), new Frame(1, "c\n"));
    }

    @Test
    void framesStayWithinTheLimit() throws IOException {
        String line = "x".repeat(99) + "\n";
        for (int i = 0; i < 1000; i++) write(Stream.STDOUT, line);
        write(Stream.STDOUT, "y".repeat(MultiplexedStream.MAX_FRAME + 5)); // a large chunk goes out as it is
        stream.flush();
        List<Frame> frames = frames();
        assertThat(frames).allSatisfy(f -> assertThat(f.text().length()).isLessThanOrEqualTo(MultiplexedStream.MAX_FRAME + 5));
        assertThat(String.join("", frames.stream().map(Frame::text).toList()))
            .isEqualTo(line.repeat(1000) + "y".repeat(MultiplexedStream.MAX_FRAME + 5));
        assertThat(frames.size()).isLessThan(10);
    }

    @Test
    void ttyOutputIsRaw() throws IOException {
        var raw = new MultiplexedStream(wire, true);
        raw.write(Stream.STDOUT, "plain".getBytes(StandardCharsets.UTF_8));
        raw.flush();
        assertThat(wire.toString(StandardCharsets.UTF_8)).isEqualTo("plain");
    }
}
