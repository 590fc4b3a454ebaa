package dev.berth.storage;

import dev.berth.common.error.BerthException;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import org.apache.commons.compress.compressors.CompressorException;
import org.apache.commons.compress.compressors.CompressorStreamFactory;
import org.apache.commons.compress.compressors.bzip2.BZip2CompressorInputStream;
import org.apache.commons.compress.compressors.gzip.GzipCompressorInputStream;
import org.apache.commons.compress.compressors.xz.XZCompressorInputStream;
import org.apache.commons.compress.compressors.zstandard.ZstdCompressorInputStream;

/**
 * The compressions a layer or rootfs archive may arrive in, detected from magic bytes as dockerd
 * does. Decompressing a stored blob reproduces the original tar byte for byte, which is why a
 * layer may keep only its compressed form and still serve {@code docker save}.
 */
public enum Compression {
    NONE, GZIP, BZIP2, XZ, ZSTD;

    /** Detects the compression of {@code in} without consuming it ({@code in} must support mark). */
    public static Compression detect(BufferedInputStream in) {
        try {
            String kind = CompressorStreamFactory.detect(in);
            return switch (kind) {
                case CompressorStreamFactory.GZIP -> GZIP;
                case CompressorStreamFactory.BZIP2 -> BZIP2;
                case CompressorStreamFactory.XZ -> XZ;
                case CompressorStreamFactory.ZSTANDARD -> ZSTD;
                default -> throw new BerthException.InvalidArgument("unsupported compression: " + kind);
            };
        } catch (CompressorException e) {
            return NONE;
        }
    }

    /** Wraps {@code in} so that it yields the uncompressed bytes. */
    public InputStream decompress(InputStream in) throws IOException {
        return switch (this) {
            case NONE -> in;
            // concatenated members: some tools (pigz) write multi-member gzip streams
            case GZIP -> GzipCompressorInputStream.builder().setInputStream(in).setDecompressConcatenated(true).get();
            case BZIP2 -> new BZip2CompressorInputStream(in, true);
            case XZ -> new XZCompressorInputStream(in, true);
            case ZSTD -> new ZstdCompressorInputStream(in);
        };
    }

    /** Detects and decompresses in one step. */
    public static InputStream autoDecompress(InputStream raw) throws IOException {
        BufferedInputStream buffered = raw instanceof BufferedInputStream b ? b : new BufferedInputStream(raw, 65536);
        return detect(buffered).decompress(buffered);
    }
}
