package dev.berth.storage;

import java.io.ByteArrayOutputStream;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Watches the raw tar bytes on their way to commons-compress and keeps the exact bytes of
 * {@code SCHILY.xattr.*} PAX records. commons-compress decodes PAX values as UTF-8 text, which
 * corrupts binary xattrs such as {@code security.capability}; Go's archive/tar (which wrote most
 * layers) treats them as raw bytes, so we must too.
 *
 * <p>It follows only the block structure (header, data, padding) and the few header types that
 * affect it. Results are keyed by the ordinal of the real entry and carry the entry's name, so
 * the extractor can check it is looking at the same entry and otherwise fall back.
 */
final class PaxXattrSniffer extends FilterInputStream {
    private static final int BLOCK = 512;
    private static final int MAX_META = 1 << 20;

    record Sniffed(String name, Map<String, byte[]> xattrs) {}

    private final byte[] header = new byte[BLOCK];
    private int headerFill;
    private long remaining;       // data + padding bytes of the current entry still to pass
    private long captureLeft;     // data bytes of a meta entry still to capture
    private ByteArrayOutputStream capture;
    private char captureType;
    private Map<String, byte[]> pendingXattrs = new LinkedHashMap<>();
    private String pendingPath;
    private Long pendingSize;
    private int entryIndex;
    private final Map<Integer, Sniffed> results = new HashMap<>();

    PaxXattrSniffer(InputStream in) { super(in); }

    /** The raw xattrs of real entry number {@code index} (0-based), if that entry had any. */
    synchronized Sniffed take(int index) {
        return results.remove(index);
    }

    @Override public int read() throws IOException {
        int b = super.read();
        if (b >= 0) feed(new byte[] {(byte) b}, 0, 1);
        return b;
    }

    @Override public int read(byte[] b, int off, int len) throws IOException {
        int n = super.read(b, off, len);
        if (n > 0) feed(b, off, n);
        return n;
    }

    @Override public long skip(long n) throws IOException {
        byte[] buf = new byte[8192];
        long done = 0;
        while (done < n) {
            int r = read(buf, 0, (int) Math.min(buf.length, n - done));
            if (r < 0) break;
            done += r;
        }
        return done;
    }

    @Override public boolean markSupported() { return false; }

    private synchronized void feed(byte[] b, int off, int len) {
        int i = off;
        int end = off + len;
        while (i < end) {
            if (remaining > 0) {
                int n = (int) Math.min(remaining, end - i);
                if (captureLeft > 0) {
                    int c = (int) Math.min(captureLeft, n);
                    if (capture.size() + c <= MAX_META) capture.write(b, i, c);
                    captureLeft -= c;
                    if (captureLeft == 0) finishCapture();
                }
                remaining -= n;
                i += n;
            } else {
                int n = Math.min(BLOCK - headerFill, end - i);
                System.arraycopy(b, i, header, headerFill, n);
                headerFill += n;
                i += n;
                if (headerFill == BLOCK) {
                    headerFill = 0;
                    onHeader();
                }
            }
        }
    }

    private void onHeader() {
        boolean zero = true;
        for (byte x : header) if (x != 0) { zero = false; break; }
        if (zero) return;
        char type = (char) header[156];
        long size = parseNumber(header, 124, 12);
        switch (type) {
            case 'x', 'X', 'L' -> startCapture(type, size);
            case 'g', 'K' -> remaining = padded(size);
            default -> {
                String name = pendingPath != null ? pendingPath : headerName();
                if (!pendingXattrs.isEmpty()) results.put(entryIndex, new Sniffed(name, pendingXattrs));
                entryIndex++;
                long dataSize = pendingSize != null ? pendingSize : size;
                if ("123456".indexOf(type) >= 0) dataSize = 0; // header-only types, as Go's reader has it
                remaining = padded(dataSize);
                pendingXattrs = new LinkedHashMap<>();
                pendingPath = null;
                pendingSize = null;
            }
        }
    }

    private void startCapture(char type, long size) {
        captureType = type;
        capture = new ByteArrayOutputStream();
        captureLeft = size;
        remaining = padded(size);
        if (size == 0) finishCapture();
    }

    private void finishCapture() {
        byte[] data = capture.toByteArray();
        capture = null;
        if (captureType == 'L') {
            int nul = indexOf(data, (byte) 0, 0);
            pendingPath = new String(data, 0, nul < 0 ? data.length : nul, StandardCharsets.UTF_8);
            return;
        }
        parsePax(data);
    }

    /** PAX records: "<len> <key>=<value>\n", where len counts the whole record. */
    private void parsePax(byte[] data) {
        int pos = 0;
        while (pos < data.length) {
            int space = indexOf(data, (byte) ' ', pos);
            if (space < 0) return;
            int len;
            try {
                len = Integer.parseInt(new String(data, pos, space - pos, StandardCharsets.US_ASCII));
            } catch (NumberFormatException e) {
                return;
            }
            if (len <= 0 || pos + len > data.length) return;
            int eq = indexOf(data, (byte) '=', space + 1);
            if (eq < 0 || eq >= pos + len) return;
            String key = new String(data, space + 1, eq - space - 1, StandardCharsets.UTF_8);
            byte[] value = Arrays.copyOfRange(data, eq + 1, pos + len - 1);
            if (key.startsWith("SCHILY.xattr.")) {
                pendingXattrs.put(key.substring("SCHILY.xattr.".length()), value);
            } else if (key.equals("path")) {
                pendingPath = new String(value, StandardCharsets.UTF_8);
            } else if (key.equals("size")) {
                try {
                    pendingSize = Long.parseLong(new String(value, StandardCharsets.US_ASCII));
                } catch (NumberFormatException ignored) {
                    // commons-compress will reject the entry itself
                }
            }
            pos += len;
        }
    }

    private String headerName() {
        String name = cString(header, 0, 100);
        boolean ustar = new String(header, 257, 5, StandardCharsets.US_ASCII).equals("ustar");
        String prefix = ustar ? cString(header, 345, 155) : "";
        return prefix.isEmpty() ? name : prefix + "/" + name;
    }

    private static String cString(byte[] b, int off, int len) {
        int end = off;
        while (end < off + len && b[end] != 0) end++;
        return new String(b, off, end - off, StandardCharsets.UTF_8);
    }

    /** Octal, or GNU base-256 when the high bit of the first byte is set. */
    private static long parseNumber(byte[] b, int off, int len) {
        if ((b[off] & 0x80) != 0) {
            long v = b[off] & 0x7f;
            for (int i = off + 1; i < off + len; i++) v = (v << 8) | (b[i] & 0xff);
            return v;
        }
        long v = 0;
        for (int i = off; i < off + len; i++) {
            byte c = b[i];
            if (c == 0 || c == ' ') {
                if (v != 0) break;
                continue;
            }
            if (c < '0' || c > '7') break;
            v = v * 8 + (c - '0');
        }
        return v;
    }

    private static long padded(long size) {
        return (size + BLOCK - 1) / BLOCK * BLOCK;
    }

    private static int indexOf(byte[] b, byte x, int from) {
        for (int i = from; i < b.length; i++) if (b[i] == x) return i;
        return -1;
    }
}
