package dev.berth.api.routes;

import dev.berth.core.container.StdioSession;
import java.io.IOException;
import java.io.OutputStream;

/**
 * Docker's stdcopy framing for non-TTY output: an 8-byte header {@code [stream, 0, 0, 0, size
 * (big-endian uint32)]} before each chunk, stream 0 stdin, 1 stdout, 2 stderr. With a TTY the
 * bytes go out raw.
 */
final class MultiplexedStream {
    static final String MULTIPLEXED = "application/vnd.docker.multiplexed-stream";
    static final String RAW = "application/vnd.docker.raw-stream";

    private final OutputStream out;
    private final boolean raw;

    MultiplexedStream(OutputStream out, boolean raw) {
        this.out = out;
        this.raw = raw;
    }

    void write(StdioSession.Stream stream, byte[] data) throws IOException {
        if (data.length == 0) return;
        if (!raw) {
            int n = data.length;
            out.write(new byte[] {(byte) stream.ordinal(), 0, 0, 0, (byte) (n >>> 24), (byte) (n >>> 16), (byte) (n >>> 8), (byte) n});
        }
        out.write(data);
    }

    void flush() throws IOException { out.flush(); }
}
