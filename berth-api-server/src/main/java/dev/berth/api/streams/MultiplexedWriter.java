package dev.berth.api.streams;

import dev.berth.core.container.StdioSession;
import java.io.IOException;
import java.io.OutputStream;

/**
 * Docker's multiplexed stream framing (non-TTY attach, exec and logs): every frame is an 8-byte
 * header — the stream (0 stdin, 1 stdout, 2 stderr), three zero bytes, the payload length as a
 * big-endian uint32 — followed by the payload. Header and payload go out in one write so a
 * per-write flushing stream sends one packet per frame. Not thread-safe.
 */
public final class MultiplexedWriter {
    private final OutputStream out;

    public MultiplexedWriter(OutputStream out) {
        this.out = out;
    }

    public void write(StdioSession.Stream stream, byte[] data) throws IOException {
        write(stream, data, 0, data.length);
    }

    public void write(StdioSession.Stream stream, byte[] data, int off, int len) throws IOException {
        if (len == 0) return; // an empty frame means nothing to Docker's stdcopy; skip it
        byte[] frame = new byte[8 + len];
        frame[0] = (byte) stream.ordinal(); // STDIN 0, STDOUT 1, STDERR 2, as Docker numbers them
        frame[4] = (byte) (len >>> 24);
        frame[5] = (byte) (len >>> 16);
        frame[6] = (byte) (len >>> 8);
        frame[7] = (byte) len;
        System.arraycopy(data, off, frame, 8, len);
        // no flush: a hijacked connection sends each write at once, and buffered streams (logs)
        // flush per batch; a flush per frame made docker logs send one HTTP chunk per line
        out.write(frame);
    }
}
