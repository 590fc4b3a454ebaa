package dev.berth.api.routes;

import dev.berth.api.streams.MultiplexedWriter;
import dev.berth.api.streams.StdioBridge;
import dev.berth.core.container.StdioSession;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;

/**
 * Docker's stdcopy framing for non-TTY output: an 8-byte header {@code [stream, 0, 0, 0, size
 * (big-endian uint32)]} before each chunk, stream 0 stdin, 1 stdout, 2 stderr. With a TTY the
 * bytes go out raw.
 *
 * <p>Consecutive writes to the same stream share one frame (up to {@link #MAX_FRAME} bytes) until
 * the stream changes or {@link #flush} is called: {@code docker logs} of millions of short lines
 * then costs the client one frame per 32 KiB instead of one per line, which is most of its time.
 * Order across streams is kept, and frame boundaries carry no meaning in stdcopy.
 */
final class MultiplexedStream {
    static final String MULTIPLEXED = StdioBridge.MULTIPLEXED_STREAM;
    static final String RAW = StdioBridge.RAW_STREAM;
    static final int MAX_FRAME = 32 * 1024;

    private final OutputStream out;
    private final MultiplexedWriter frames;
    private final ByteArrayOutputStream pending = new ByteArrayOutputStream(MAX_FRAME);
    private StdioSession.Stream pendingStream;

    MultiplexedStream(OutputStream out, boolean raw) {
        this.out = out;
        this.frames = raw ? null : new MultiplexedWriter(out);
    }

    void write(StdioSession.Stream stream, byte[] data) throws IOException {
        write(stream, data, 0, data.length);
    }

    void write(StdioSession.Stream stream, byte[] data, int off, int len) throws IOException {
        if (len == 0) return;
        if (frames == null) {
            out.write(data, off, len);
            return;
        }
        if (stream != pendingStream || pending.size() + len > MAX_FRAME) writePending();
        if (len >= MAX_FRAME) {
            frames.write(stream, data, off, len);
            return;
        }
        pendingStream = stream;
        pending.write(data, off, len);
    }

    void flush() throws IOException {
        writePending();
        out.flush();
    }

    private void writePending() throws IOException {
        if (pending.size() == 0) return;
        frames.write(pendingStream, pending.toByteArray());
        pending.reset();
    }
}
