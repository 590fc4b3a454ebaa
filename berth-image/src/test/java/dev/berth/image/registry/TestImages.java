package dev.berth.image.registry;

import dev.berth.core.image.Digest;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.GZIPOutputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;

/** Tiny real images built in memory: gzip'd tar layers holding one file each, and a config. */
final class TestImages {
    private TestImages() {}

    record Built(PushImage image, byte[] config, List<byte[]> layerBlobs) {}

    static byte[] tar(String name, String content) {
        try {
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            try (TarArchiveOutputStream tar = new TarArchiveOutputStream(bytes)) {
                byte[] data = content.getBytes(StandardCharsets.UTF_8);
                TarArchiveEntry entry = new TarArchiveEntry(name);
                entry.setSize(data.length);
                entry.setMode(0644);
                entry.setModTime(0);
                tar.putArchiveEntry(entry);
                tar.write(data);
                tar.closeArchiveEntry();
            }
            return bytes.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static byte[] gzip(byte[] raw) {
        try {
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            try (GZIPOutputStream gz = new GZIPOutputStream(bytes)) {
                gz.write(raw);
            }
            return bytes.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** An image with one layer per file content, for {@code architecture} (amd64, arm64…). */
    static Built image(String architecture, String... files) {
        List<PushImage.Layer> layers = new ArrayList<>();
        List<byte[]> blobs = new ArrayList<>();
        StringBuilder diffIds = new StringBuilder();
        for (int i = 0; i < files.length; i++) {
            byte[] raw = tar("file" + i + ".txt", files[i]);
            byte[] gz = gzip(raw);
            blobs.add(gz);
            layers.add(new PushImage.Layer(Descriptor.of(MediaTypes.DOCKER_LAYER_GZIP, gz), BlobSource.of(gz)));
            diffIds.append(i == 0 ? "" : ",").append('"').append(Digest.sha256(raw)).append('"');
        }
        String config = "{\"architecture\":\"" + architecture + "\",\"os\":\"linux\",\"config\":{\"Cmd\":[\"sh\"]},"
            + "\"rootfs\":{\"type\":\"layers\",\"diff_ids\":[" + diffIds + "]}}";
        byte[] configBytes = config.getBytes(StandardCharsets.UTF_8);
        PushImage image = new PushImage(Descriptor.of(MediaTypes.DOCKER_CONFIG, configBytes), BlobSource.of(configBytes), layers);
        return new Built(image, configBytes, blobs);
    }
}
