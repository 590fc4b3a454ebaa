package dev.berth.storage;

import static java.nio.file.LinkOption.NOFOLLOW_LINKS;

import dev.berth.sys.SpecialFiles;
import dev.berth.sys.Xattrs;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PipedInputStream;
import java.io.PipedOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.apache.commons.compress.archivers.tar.TarConstants;

/**
 * Writes a layer tar from files on disk: owners, full modes, mtimes, devices, symlinks,
 * hardlinks (a later link to an inode already written becomes a link entry) and xattrs, plus OCI
 * whiteouts ({@code .wh.name}, {@code .wh..wh..opq}).
 *
 * <p>PAX records are written as raw bytes by this class, not by commons-compress: its PAX values
 * are Java strings encoded as UTF-8, which corrupts binary xattrs such as
 * {@code security.capability}. Every entry therefore gets at most one PAX header, ours, and the
 * stream is configured so commons-compress never adds its own (readers such as Go's keep only the
 * last PAX header before an entry).
 */
final class LayerTarWriter {
    private static final String OVERLAY_XATTRS = "trusted.overlay.";

    private final TarArchiveOutputStream tar;
    private final Map<Object, String> inodes = new HashMap<>();

    /** What to write; runs on the producer thread of {@link #stream}. */
    interface Body {
        void write(LayerTarWriter tar) throws IOException;
    }

    private LayerTarWriter(OutputStream out) {
        // 512-byte blocks, as Go's tar writer: no padding after the end-of-archive blocks, so an
        // unchanged container's diff is exactly Docker's empty layer (1024 zero bytes)
        tar = new TarArchiveOutputStream(out, 512, StandardCharsets.UTF_8.name());
        tar.setLongFileMode(TarArchiveOutputStream.LONGFILE_TRUNCATE); // the full name is in our PAX header
        tar.setBigNumberMode(TarArchiveOutputStream.BIGNUMBER_STAR);   // base-256 fields instead of PAX
        tar.setAddPaxHeadersForNonAsciiNames(false);
    }

    /**
     * The tar as a stream: produced on a virtual thread into a pipe, so a large layer is never held
     * in memory. A failure while producing surfaces as an IOException from the stream's read.
     */
    static InputStream stream(String what, Body body) {
        FailingPipe in = new FailingPipe();
        PipedOutputStream out;
        try {
            out = new PipedOutputStream(in);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        Thread.ofVirtual().name("tar-" + what).start(() -> {
            Throwable failure = null;
            try {
                LayerTarWriter w = new LayerTarWriter(out);
                body.write(w);
                w.tar.finish();
                w.tar.flush();
            } catch (Throwable t) {
                failure = t;
            }
            in.failure = failure; // before close: the reader checks it when it sees the end
            try {
                out.close();
            } catch (IOException ignored) {
                // the reader went away; nothing left to tell it
            }
        });
        return in;
    }

    /** Writes {@code file} as entry {@code name} (relative, no leading slash); sockets are skipped as tar cannot hold them. */
    void node(Path file, String name) throws IOException {
        int mode = FileTrees.mode(file);
        int type = mode & FileTrees.S_IFMT;
        TarArchiveEntry e;
        String link = null;
        boolean content = false;
        Object key = Files.getAttribute(file, "unix:dev", NOFOLLOW_LINKS) + ":" + Files.getAttribute(file, "unix:ino", NOFOLLOW_LINKS);
        String first = type != FileTrees.S_IFDIR && (Integer) Files.getAttribute(file, "unix:nlink", NOFOLLOW_LINKS) > 1
            ? inodes.putIfAbsent(key, name) : null;
        if (first != null) {
            e = new TarArchiveEntry(name, TarConstants.LF_LINK);
            link = first;
        } else if (type == FileTrees.S_IFDIR) {
            e = new TarArchiveEntry(name + "/", TarConstants.LF_DIR);
        } else if (type == FileTrees.S_IFREG) {
            e = new TarArchiveEntry(name, TarConstants.LF_NORMAL);
            e.setSize(Files.size(file));
            content = true;
        } else if (type == FileTrees.S_IFLNK) {
            e = new TarArchiveEntry(name, TarConstants.LF_SYMLINK);
            link = Files.readSymbolicLink(file).toString();
        } else if (type == SpecialFiles.S_IFCHR || type == SpecialFiles.S_IFBLK) {
            e = new TarArchiveEntry(name, type == SpecialFiles.S_IFCHR ? TarConstants.LF_CHR : TarConstants.LF_BLK);
            long rdev = (Long) Files.getAttribute(file, "unix:rdev", NOFOLLOW_LINKS);
            e.setDevMajor(SpecialFiles.major(rdev));
            e.setDevMinor(SpecialFiles.minor(rdev));
        } else if (type == SpecialFiles.S_IFIFO) {
            e = new TarArchiveEntry(name, TarConstants.LF_FIFO);
        } else {
            return;
        }
        if (link != null) e.setLinkName(link);
        e.setMode(mode & 07777);
        e.setUserId(((Integer) Files.getAttribute(file, "unix:uid", NOFOLLOW_LINKS)).longValue());
        e.setGroupId(((Integer) Files.getAttribute(file, "unix:gid", NOFOLLOW_LINKS)).longValue());
        e.setModTime(Files.getLastModifiedTime(file, NOFOLLOW_LINKS));
        Map<String, byte[]> pax = new LinkedHashMap<>();
        if (needsPax(e.getName())) pax.put("path", utf8(e.getName()));
        if (link != null && needsPax(link)) pax.put("linkpath", utf8(link));
        if (first == null) {
            for (String x : Xattrs.list(file)) {
                if (x.startsWith(OVERLAY_XATTRS)) continue; // overlay's bookkeeping, not file content
                Xattrs.get(file, x).ifPresent(v -> pax.put("SCHILY.xattr." + x, v));
            }
        }
        put(e, pax, content ? file : null);
    }

    /** Hides {@code name} of the layers below. */
    void whiteout(String name) throws IOException {
        int slash = name.lastIndexOf('/');
        empty(name.substring(0, slash + 1) + ".wh." + name.substring(slash + 1));
    }

    /** Hides everything the layers below have in directory {@code dirName}. */
    void opaque(String dirName) throws IOException {
        empty(dirName + "/.wh..wh..opq");
    }

    private void empty(String name) throws IOException {
        TarArchiveEntry e = new TarArchiveEntry(name, TarConstants.LF_NORMAL);
        e.setMode(0600); // what dockerd's layers carry for whiteouts
        e.setModTime(0);
        put(e, needsPax(name) ? Map.of("path", utf8(name)) : Map.of(), null);
    }

    private void put(TarArchiveEntry e, Map<String, byte[]> pax, Path content) throws IOException {
        if (!pax.isEmpty()) {
            byte[] records = paxRecords(pax);
            TarArchiveEntry x = new TarArchiveEntry("PaxHeaders.0/" + shortName(e.getName()), TarConstants.LF_PAX_EXTENDED_HEADER_LC);
            x.setSize(records.length);
            x.setModTime(e.getModTime());
            tar.putArchiveEntry(x);
            tar.write(records);
            tar.closeArchiveEntry();
        }
        tar.putArchiveEntry(e);
        if (content != null) {
            try (InputStream in = Files.newInputStream(content)) {
                long copied = in.transferTo(tar);
                if (copied != e.getSize()) throw new IOException(content + " changed size while being archived");
            }
        }
        tar.closeArchiveEntry();
    }

    /** ustar's name field holds 100 bytes; longer or non-ASCII names go into a PAX record. */
    private static boolean needsPax(String s) {
        if (s.length() > 100) return true;
        for (int i = 0; i < s.length(); i++) if (s.charAt(i) >= 0x80) return true;
        return false;
    }

    private static String shortName(String name) {
        String base = name.endsWith("/") ? name.substring(0, name.length() - 1) : name;
        base = base.substring(base.lastIndexOf('/') + 1);
        return needsPax(base) ? "entry" : base;
    }

    private static byte[] utf8(String s) { return s.getBytes(StandardCharsets.UTF_8); }

    /** PAX records {@code "<len> <key>=<value>\n"}, where len counts the whole record including itself. */
    static byte[] paxRecords(Map<String, byte[]> records) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        records.forEach((k, v) -> {
            int body = utf8(k).length + v.length + 3; // ' ', '=', '\n'
            int len = body + Integer.toString(body).length();
            if (Integer.toString(len).length() != Integer.toString(body).length()) len = body + Integer.toString(len).length();
            out.writeBytes(utf8(len + " " + k + "="));
            out.writeBytes(v);
            out.write('\n');
        });
        return out.toByteArray();
    }

    /** A pipe whose reader learns why the producer stopped instead of seeing a clean end. */
    private static final class FailingPipe extends PipedInputStream {
        volatile Throwable failure;

        FailingPipe() { super(65536); }

        @Override public synchronized int read() throws IOException {
            return check(super.read());
        }

        @Override public synchronized int read(byte[] b, int off, int len) throws IOException {
            return check(super.read(b, off, len));
        }

        private int check(int n) throws IOException {
            if (n < 0 && failure != null) throw new IOException("cannot write layer tar: " + failure.getMessage(), failure);
            return n;
        }
    }
}
