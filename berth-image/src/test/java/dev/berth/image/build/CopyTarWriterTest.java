package dev.berth.image.build;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.berth.common.error.BerthException;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CopyTarWriterTest {
    @TempDir Path ctx;

    private static List<String> entries(byte[] tar) throws IOException {
        List<String> out = new ArrayList<>();
        try (var in = new TarArchiveInputStream(new ByteArrayInputStream(tar))) {
            TarArchiveEntry e;
            while ((e = in.getNextEntry()) != null) out.add(e.getName() + " " + e.getLongUserId() + ":" + e.getLongGroupId());
        }
        return out;
    }

    private byte[] write(Set<String> existingDirs, List<Path> sources, String dest, boolean unpack, Integer uid) throws IOException {
        var out = new ByteArrayOutputStream();
        new CopyTarWriter(p -> existingDirs.contains(p) ? Boolean.TRUE : null, uid, uid).write(sources, dest, unpack, "COPY", out);
        return out.toByteArray();
    }

    @Test
    void fileIntoDirectoryCreatesOnlyMissingParents() throws IOException {
        Path a = Files.writeString(ctx.resolve("a.txt"), "a");
        assertThat(entries(write(Set.of("/var"), List.of(a), "/var/www/html/", false, null)))
            .containsExactly("var/www/ 0:0", "var/www/html/ 0:0", "var/www/html/a.txt 0:0");
        assertThat(entries(write(Set.of("/app"), List.of(a), "/app", false, 1000)))
            .containsExactly("app/a.txt 1000:1000");
        assertThat(entries(write(Set.of(), List.of(a), "/renamed", false, null))).containsExactly("renamed 0:0");
    }

    @Test
    void directoryCopiesItsContents() throws IOException {
        Path d = Files.createDirectories(ctx.resolve("d/sub"));
        Files.writeString(d.resolve("x"), "x");
        assertThat(entries(write(Set.of(), List.of(ctx.resolve("d")), "/data", false, null)))
            .containsExactly("data/ 0:0", "data/sub/ 0:0", "data/sub/x 0:0");
    }

    @Test
    void addUnpacksLocalArchivesKeepingOwners() throws IOException {
        var tar = new ByteArrayOutputStream();
        try (var t = new TarArchiveOutputStream(tar)) {
            var e = new TarArchiveEntry("inner.txt");
            e.setSize(2);
            e.setIds(5, 6);
            t.putArchiveEntry(e);
            t.write("hi".getBytes());
            t.closeArchiveEntry();
        }
        Path archive = Files.write(ctx.resolve("files.tar"), tar.toByteArray());
        assertThat(entries(write(Set.of(), List.of(archive), "/opt/", true, null))).containsExactly("opt/ 0:0", "opt/inner.txt 5:6");
        assertThat(entries(write(Set.of(), List.of(archive), "/opt/", false, null))).containsExactly("opt/ 0:0", "opt/files.tar 0:0");
    }

    @Test
    void severalSourcesNeedADirectoryDestination() throws IOException {
        Path a = Files.writeString(ctx.resolve("a"), "a");
        Path b = Files.writeString(ctx.resolve("b"), "b");
        assertThatThrownBy(() -> write(Set.of(), List.of(a, b), "/file", false, null))
            .isInstanceOf(BerthException.InvalidArgument.class)
            .hasMessageContaining("the destination must be a directory and end with a /");
    }

    @Test
    void checksumIgnoresModificationTimesButNotContent() throws IOException {
        Path a = Files.writeString(ctx.resolve("a"), "one");
        String before = CopySources.checksum(List.of(a), null);
        Files.setLastModifiedTime(a, java.nio.file.attribute.FileTime.fromMillis(0));
        assertThat(CopySources.checksum(List.of(a), null)).isEqualTo(before).startsWith("file:");
        Files.writeString(a, "two");
        assertThat(CopySources.checksum(List.of(a), null)).isNotEqualTo(before);
        assertThat(CopySources.checksum(List.of(a), "1:1")).isNotEqualTo(CopySources.checksum(List.of(a), null));
    }

    @Test
    void wildcardsMatchPerPathElement() throws IOException {
        Files.writeString(ctx.resolve("a.txt"), "");
        Files.writeString(ctx.resolve("b.txt"), "");
        Files.createDirectories(ctx.resolve("sub"));
        Files.writeString(ctx.resolve("sub/c.txt"), "");
        assertThat(CopySources.resolve(ctx, List.of("*.txt"), "COPY")).containsExactly(ctx.resolve("a.txt"), ctx.resolve("b.txt"));
        assertThat(CopySources.resolve(ctx, List.of("sub/*.txt"), "COPY")).containsExactly(ctx.resolve("sub/c.txt"));
        assertThatThrownBy(() -> CopySources.resolve(ctx, List.of("../etc/passwd"), "COPY"))
            .hasMessageContaining("Forbidden path outside the build context");
        assertThatThrownBy(() -> CopySources.resolve(ctx, List.of("missing"), "COPY"))
            .hasMessageContaining("COPY failed: file not found in build context");
    }

    @Test
    void unterminatedTarIsCompleted() throws IOException {
        byte[] data = new byte[600];
        try (InputStream in = new PaddedTarStream(new ByteArrayInputStream(data))) {
            assertThat(in.readAllBytes()).hasSize(1024 + 1024);
        }
        try (InputStream in = new PaddedTarStream(new ByteArrayInputStream(new byte[1024]))) {
            assertThat(in.readAllBytes()).hasSize(2048);
        }
    }
}
