package dev.berth.it;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.TreeSet;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.junit.jupiter.api.Assumptions;

/**
 * Offline test images: a busybox root filesystem tar built from the host's static busybox
 * ({@code busybox-static}), with an applet symlink per command and minimal {@code /etc/passwd} and
 * {@code /etc/group}. Entries and timestamps are fixed, so the same busybox gives the same tar
 * and hence the same layer digest.
 */
public final class TestImages {
    private static final Date EPOCH = Date.from(Instant.parse("2024-01-01T00:00:00Z"));
    private static final List<Path> BUSYBOX_CANDIDATES = List.of(Path.of("/bin/busybox"), Path.of("/usr/bin/busybox"));

    private TestImages() {}

    /** The static busybox binary; skips the test when {@code busybox-static} is not installed. */
    public static Path busybox() {
        for (Path p : BUSYBOX_CANDIDATES) if (Files.isExecutable(p)) return p;
        Assumptions.abort("busybox-static is not installed (/bin/busybox)");
        throw new IllegalStateException("unreachable");
    }

    /** Writes {@code busybox-rootfs.tar} into {@code dir} and returns its path. */
    public static Path busyboxRootfsTar(Path dir) {
        Path busybox = busybox();
        Path tar = dir.resolve("busybox-rootfs.tar");
        try (OutputStream out = Files.newOutputStream(tar);
             TarArchiveOutputStream t = new TarArchiveOutputStream(out)) {
            t.setLongFileMode(TarArchiveOutputStream.LONGFILE_POSIX);
            for (String d : List.of("bin/", "dev/", "etc/", "home/", "proc/", "root/", "sys/", "tmp/", "usr/", "var/")) {
                directory(t, d, d.equals("tmp/") ? 01777 : d.equals("root/") ? 0700 : 0755);
            }
            file(t, "bin/busybox", Files.readAllBytes(busybox), 0755);
            for (String applet : applets(busybox)) {
                if (applet.equals("busybox") || applet.contains("/")) continue;
                TarArchiveEntry link = new TarArchiveEntry("bin/" + applet, TarArchiveEntry.LF_SYMLINK);
                link.setLinkName("busybox");
                link.setModTime(EPOCH);
                link.setMode(0777);
                t.putArchiveEntry(link);
                t.closeArchiveEntry();
            }
            file(t, "etc/passwd", """
                root:x:0:0:root:/root:/bin/sh
                nobody:x:65534:65534:nobody:/home:/bin/false
                """.getBytes(StandardCharsets.UTF_8), 0644);
            file(t, "etc/group", """
                root:x:0:
                nogroup:x:65534:
                """.getBytes(StandardCharsets.UTF_8), 0644);
            t.finish();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return tar;
    }

    /** A file that is not a tar at all, for bad-input tests. */
    public static Path garbageTar(Path dir) {
        try {
            byte[] junk = new byte[8192];
            new java.util.Random(42).nextBytes(junk);
            return Files.write(dir.resolve("garbage.tar"), junk);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static List<String> applets(Path busybox) throws IOException {
        Process p = new ProcessBuilder(busybox.toString(), "--list").redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        try {
            p.waitFor();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        }
        return new ArrayList<>(new TreeSet<>(out.lines().map(String::strip).filter(s -> !s.isEmpty()).toList()));
    }

    private static void directory(TarArchiveOutputStream t, String name, int mode) throws IOException {
        TarArchiveEntry e = new TarArchiveEntry(name);
        e.setMode(TarArchiveEntry.DEFAULT_DIR_MODE & ~07777 | mode);
        e.setModTime(EPOCH);
        t.putArchiveEntry(e);
        t.closeArchiveEntry();
    }

    private static void file(TarArchiveOutputStream t, String name, byte[] content, int mode) throws IOException {
        TarArchiveEntry e = new TarArchiveEntry(name);
        e.setSize(content.length);
        e.setMode(mode);
        e.setModTime(EPOCH);
        t.putArchiveEntry(e);
        t.write(content);
        t.closeArchiveEntry();
    }
}
