package dev.berth.image.build;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;

/**
 * Completes a tar that stops right after its last file's data. The docker CLI sends such a
 * context when {@code -f} names a Dockerfile outside the context: it appends the Dockerfile
 * under a random name without padding the data to 512 bytes or writing the end-of-archive
 * blocks, and Go's tar reader (dockerd) accepts that. At the end of the stream this pads to the
 * next 512-byte boundary and adds two zero blocks; after a complete tar the extra zeros are
 * ignored.
 */
final class PaddedTarStream extends FilterInputStream {
    private long count;
    private long padding = -1;

    PaddedTarStream(InputStream in) {
        super(in);
    }

    @Override public int read() throws IOException {
        byte[] one = new byte[1];
        int n = read(one, 0, 1);
        return n < 0 ? -1 : one[0] & 0xff;
    }

    @Override public int read(byte[] b, int off, int len) throws IOException {
        if (len == 0) return 0;
        if (padding < 0) {
            int n = super.read(b, off, len);
            if (n > 0) {
                count += n;
                return n;
            }
            padding = (512 - count % 512) % 512 + 1024;
        }
        if (padding == 0) return -1;
        int n = (int) Math.min(len, padding);
        java.util.Arrays.fill(b, off, off + n, (byte) 0);
        padding -= n;
        return n;
    }

    @Override public long skip(long n) throws IOException {
        byte[] buf = new byte[(int) Math.min(n, 8192)];
        int r = read(buf, 0, buf.length);
        return Math.max(r, 0);
    }

    @Override public boolean markSupported() { return false; }
}
