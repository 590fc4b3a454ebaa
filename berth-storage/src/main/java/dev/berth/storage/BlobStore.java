package dev.berth.storage;

import dev.berth.common.error.BerthException;
import dev.berth.common.io.AtomicFiles;
import dev.berth.core.image.Digest;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.List;

/**
 * Content-addressed blobs under {@code <dataRoot>/blobs/sha256/<hex>}. A blob's name is the
 * sha256 of its bytes, so a committed blob never changes and concurrent writers of the same
 * content are harmless (the second rename replaces identical bytes).
 *
 * <p>Thread-safe without locks: every write goes to its own temp file and becomes visible by one
 * atomic rename. Errors: a missing blob is {@code NotFound}; a digest mismatch is
 * {@code InvalidArgument} and leaves nothing behind; I/O failures are {@code Internal}.
 */
public final class BlobStore {
    private final Path dir;
    private final Path tmp;

    public BlobStore(Path dataRoot) {
        this.dir = dataRoot.resolve("blobs").resolve("sha256");
        this.tmp = dataRoot.resolve("blobs").resolve("tmp");
        try {
            Files.createDirectories(dir);
            Files.createDirectories(tmp);
            // temp files of writes interrupted by a crash are garbage
            try (DirectoryStream<Path> leftovers = Files.newDirectoryStream(tmp)) {
                for (Path p : leftovers) Files.deleteIfExists(p);
            }
        } catch (IOException e) {
            throw new BerthException.Internal("cannot open blob store " + dir + ": " + e.getMessage(), e);
        }
    }

    /** A writer that hashes while writing; call {@link Writer#commit} or the data is discarded on close. */
    public Writer writer() {
        try {
            return new Writer(Files.createTempFile(tmp, "blob-", ".tmp"));
        } catch (IOException e) {
            throw new BerthException.Internal("cannot create blob temp file: " + e.getMessage(), e);
        }
    }

    /** Copies {@code in} to a new blob, checking {@code expected} when not null. */
    public Digest put(InputStream in, Digest expected) {
        try (Writer w = writer()) {
            in.transferTo(w);
            return w.commit(expected);
        } catch (IOException e) {
            throw new BerthException.Internal("cannot write blob: " + e.getMessage(), e);
        }
    }

    /**
     * Moves a file whose digest the caller computed while writing it into the store (no rehash).
     * The file must be on the same filesystem as the data root.
     */
    public void adopt(Path file, Digest digest) {
        try {
            if (has(digest)) {
                Files.deleteIfExists(file);
                return;
            }
            AtomicFiles.moveAtomically(file, path(digest));
            AtomicFiles.syncDirectory(dir);
        } catch (IOException e) {
            throw new BerthException.Internal("cannot store blob " + digest + ": " + e.getMessage(), e);
        }
    }

    public boolean has(Digest digest) {
        return Files.isRegularFile(path(digest));
    }

    public InputStream open(Digest digest) {
        try {
            return Files.newInputStream(path(digest));
        } catch (NoSuchFileException e) {
            throw new BerthException.NotFound("blob " + digest + " not found");
        } catch (IOException e) {
            throw new BerthException.Internal("cannot read blob " + digest + ": " + e.getMessage(), e);
        }
    }

    public long size(Digest digest) {
        try {
            return Files.size(path(digest));
        } catch (NoSuchFileException e) {
            throw new BerthException.NotFound("blob " + digest + " not found");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Removes the blob; returns false when it was not there. */
    public boolean delete(Digest digest) {
        try {
            return Files.deleteIfExists(path(digest));
        } catch (IOException e) {
            throw new BerthException.Internal("cannot delete blob " + digest + ": " + e.getMessage(), e);
        }
    }

    public List<Digest> list() {
        List<Digest> out = new ArrayList<>();
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(dir)) {
            for (Path p : entries) {
                String name = p.getFileName().toString();
                if (Digest.isDigest("sha256:" + name)) out.add(new Digest("sha256", name));
            }
        } catch (IOException e) {
            throw new BerthException.Internal("cannot list blobs: " + e.getMessage(), e);
        }
        out.sort(null);
        return out;
    }

    /** A directory on the blob store's filesystem for staging files that will be {@link #adopt adopted}. */
    public Path tempDir() {
        return tmp;
    }

    Path path(Digest digest) {
        return dir.resolve(digest.hex());
    }

    /** Streams bytes to a temp file while hashing them. Not thread-safe; one writer per blob. */
    public final class Writer extends FilterOutputStream {
        private final Path file;
        private final MessageDigest sha = Digest.newSha256();
        private long size;
        private boolean closed;
        private boolean committed;

        private Writer(Path file) throws IOException {
            super(Files.newOutputStream(file));
            this.file = file;
        }

        @Override public void write(int b) throws IOException {
            out.write(b);
            sha.update((byte) b);
            size++;
        }

        @Override public void write(byte[] b, int off, int len) throws IOException {
            out.write(b, off, len);
            sha.update(b, off, len);
            size += len;
        }

        public long size() { return size; }

        /**
         * Makes the blob visible under its digest. If {@code expected} is given and differs,
         * throws {@code InvalidArgument} and deletes the temp file.
         */
        public Digest commit(Digest expected) {
            try {
                flushAndClose();
                Digest actual = Digest.ofSha256(sha.digest());
                if (expected != null && !expected.equals(actual)) {
                    throw new BerthException.InvalidArgument(
                        "digest mismatch: expected " + expected + ", got " + actual);
                }
                try (var ch = java.nio.channels.FileChannel.open(file, java.nio.file.StandardOpenOption.WRITE)) {
                    ch.force(true);
                }
                // replacing an existing blob is harmless: same name, same bytes
                AtomicFiles.moveAtomically(file, path(actual));
                AtomicFiles.syncDirectory(dir);
                committed = true;
                return actual;
            } catch (IOException e) {
                throw new BerthException.Internal("cannot commit blob: " + e.getMessage(), e);
            } finally {
                if (!committed) deleteQuietly();
            }
        }

        private void flushAndClose() throws IOException {
            if (!closed) {
                closed = true;
                out.close();
            }
        }

        /** Discards the data unless {@link #commit} succeeded. */
        @Override public void close() throws IOException {
            flushAndClose();
            if (!committed) deleteQuietly();
        }

        private void deleteQuietly() {
            try {
                Files.deleteIfExists(file);
            } catch (IOException ignored) {
                // the temp dir is emptied at the next start
            }
        }
    }
}
