package dev.berth.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.berth.common.error.BerthException;
import dev.berth.core.image.Digest;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BlobStoreTest {
    @TempDir Path root;

    @Test
    void storesByDigest() throws Exception {
        BlobStore blobs = new BlobStore(root);
        byte[] data = "hello".getBytes(StandardCharsets.UTF_8);
        Digest d = blobs.put(new ByteArrayInputStream(data), Digest.sha256(data));
        assertThat(d).isEqualTo(Digest.sha256(data));
        assertThat(blobs.has(d)).isTrue();
        assertThat(blobs.size(d)).isEqualTo(5);
        try (var in = blobs.open(d)) {
            assertThat(in.readAllBytes()).isEqualTo(data);
        }
        assertThat(blobs.list()).containsExactly(d);
        assertThat(root.resolve("blobs/sha256/" + d.hex())).exists();
        assertThat(blobs.delete(d)).isTrue();
        assertThat(blobs.has(d)).isFalse();
        assertThatThrownBy(() -> blobs.open(d)).isInstanceOf(BerthException.NotFound.class);
    }

    @Test
    void digestMismatchLeavesNothing() throws Exception {
        BlobStore blobs = new BlobStore(root);
        Digest wrong = Digest.sha256("other");
        assertThatThrownBy(() -> blobs.put(new ByteArrayInputStream("hello".getBytes()), wrong))
            .isInstanceOf(BerthException.InvalidArgument.class)
            .hasMessageContaining("digest mismatch");
        assertThat(blobs.list()).isEmpty();
        try (var s = Files.list(blobs.tempDir())) {
            assertThat(s).isEmpty();
        }
    }

    @Test
    void writerClosedWithoutCommitIsDiscarded() throws Exception {
        BlobStore blobs = new BlobStore(root);
        try (BlobStore.Writer w = blobs.writer()) {
            w.write(new byte[100]);
            assertThat(w.size()).isEqualTo(100);
        }
        assertThat(blobs.list()).isEmpty();
        try (var s = Files.list(blobs.tempDir())) {
            assertThat(s).isEmpty();
        }
    }
}
