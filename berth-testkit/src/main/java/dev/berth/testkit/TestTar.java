package dev.berth.testkit;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Map;
import java.util.zip.GZIPOutputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.apache.commons.compress.archivers.tar.TarConstants;

/** Builds real tar archives in memory for tests: layers (with whiteouts, devices, owners) and archives. */
public final class TestTar {
    public static final Instant MTIME = Instant.parse("2020-01-02T03:04:05Z");

    private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    private final TarArchiveOutputStream tar = new TarArchiveOutputStream(bytes);

    public TestTar() {
        tar.setLongFileMode(TarArchiveOutputStream.LONGFILE_POSIX);
        tar.setBigNumberMode(TarArchiveOutputStream.BIGNUMBER_POSIX);
    }

    public TestTar dir(String name) { return dir(name, 0755); }

    public TestTar dir(String name, int mode) {
        TarArchiveEntry e = new TarArchiveEntry(name.endsWith("/") ? name : name + "/");
        e.setMode(mode);
        return put(e, new byte[0]);
    }

    public TestTar file(String name, String content) { return file(name, content.getBytes(StandardCharsets.UTF_8), 0644, 0, 0); }

    public TestTar file(String name, byte[] content, int mode, int uid, int gid) {
        TarArchiveEntry e = new TarArchiveEntry(name);
        e.setMode(mode);
        e.setIds(uid, gid);
        e.setSize(content.length);
        return put(e, content);
    }

    public TestTar symlink(String name, String target) {
        TarArchiveEntry e = new TarArchiveEntry(name, TarConstants.LF_SYMLINK);
        e.setLinkName(target);
        e.setMode(0777);
        return put(e, new byte[0]);
    }

    public TestTar hardlink(String name, String target) {
        TarArchiveEntry e = new TarArchiveEntry(name, TarConstants.LF_LINK);
        e.setLinkName(target);
        return put(e, new byte[0]);
    }

    public TestTar charDevice(String name, int major, int minor) {
        TarArchiveEntry e = new TarArchiveEntry(name, TarConstants.LF_CHR);
        e.setDevMajor(major);
        e.setDevMinor(minor);
        e.setMode(0666);
        return put(e, new byte[0]);
    }

    public TestTar fifo(String name) {
        TarArchiveEntry e = new TarArchiveEntry(name, TarConstants.LF_FIFO);
        e.setMode(0600);
        return put(e, new byte[0]);
    }

    /** An OCI whiteout hiding {@code path} of lower layers. */
    public TestTar whiteout(String path) {
        int slash = path.lastIndexOf('/');
        String name = slash < 0 ? ".wh." + path : path.substring(0, slash + 1) + ".wh." + path.substring(slash + 1);
        return file(name, new byte[0], 0644, 0, 0);
    }

    /** An OCI opaque-directory marker for {@code dir}. */
    public TestTar opaque(String dir) {
        return file(dir + "/.wh..wh..opq", new byte[0], 0644, 0, 0);
    }

    /** A raw PAX header (exact bytes, as Go writes binary xattrs) followed by a file. */
    public TestTar fileWithRawPax(String name, String content, Map<String, byte[]> records) {
        ByteArrayOutputStream rec = new ByteArrayOutputStream();
        records.forEach((k, v) -> {
            int len = k.length() + v.length + 3;
            int total = len + Integer.toString(len).length();
            total = len + Integer.toString(total).length();
            rec.writeBytes((total + " " + k + "=").getBytes(StandardCharsets.UTF_8));
            rec.writeBytes(v);
            rec.write('\n');
        });
        TarArchiveEntry x = new TarArchiveEntry("PaxHeaders/" + name, TarConstants.LF_PAX_EXTENDED_HEADER_LC);
        x.setSize(rec.size());
        put(x, rec.toByteArray());
        return file(name, content);
    }

    /** Adds an entry as given (its own mtime, owner and mode). */
    public TestTar entry(TarArchiveEntry e, byte[] content) { return write(e, content); }

    private TestTar put(TarArchiveEntry e, byte[] content) {
        e.setModTime(java.util.Date.from(MTIME));
        return write(e, content);
    }

    private TestTar write(TarArchiveEntry e, byte[] content) {
        try {
            tar.putArchiveEntry(e);
            tar.write(content);
            tar.closeArchiveEntry();
            return this;
        } catch (IOException ex) {
            throw new UncheckedIOException(ex);
        }
    }

    public byte[] bytes() {
        try {
            tar.finish();
            tar.close();
            return bytes.toByteArray();
        } catch (IOException ex) {
            throw new UncheckedIOException(ex);
        }
    }

    public static byte[] gzip(byte[] data) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (GZIPOutputStream gz = new GZIPOutputStream(out)) {
            gz.write(data);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }
}
