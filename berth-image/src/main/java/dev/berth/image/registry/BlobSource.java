package dev.berth.image.registry;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Opens a fresh stream of a blob's bytes for upload. May be called more than once (a retried
 * request after an auth challenge re-reads from the start); the caller closes each stream.
 */
@FunctionalInterface
public interface BlobSource {
    InputStream open() throws IOException;

    static BlobSource of(byte[] bytes) { return () -> new ByteArrayInputStream(bytes); }

    static BlobSource of(Path file) { return () -> Files.newInputStream(file); }
}
