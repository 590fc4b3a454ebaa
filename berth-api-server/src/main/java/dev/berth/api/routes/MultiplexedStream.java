package dev.berth.api.routes;

import dev.berth.core.container.StdioSession;
import java.io.IOException;
import dev.berth.api.streams.MultiplexedWriter;
import dev.berth.api.streams.StdioBridge;
import java.io.OutputStream;

/**
 * Docker's stdcopy framing for non-TTY output: an 8-byte header {@code [stream, 0, 0, 0, size
 * (big-endian uint32)]} before each chunk, stream 0 stdin, 1 stdout, 2 stderr. With a TTY the
 * bytes go out raw.
 */
final class MultiplexedStream {
    static final String MULTIPLEXED = StdioBridge.MULTIPLEXED_STREAM;
    static final String RAW = StdioBridge.RAW_STREAM;

    private final OutputStream out;
    private final MultiplexedWriter frames;

    MultiplexedStream(OutputStream out, boolean raw) {
        this.out = out;
        this.frames = raw ? null : new MultiplexedWriter(out);
    }

    void write(StdioSession.Stream stream, byte[] data) throws IOException {
        if (data.length == 0) return;
        if (frames != null) frames.write(stream, data);
        else out.write(data);
    }

    void flush() throws IOException { out.flush(); }
}
