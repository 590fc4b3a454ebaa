package dev.berth.image;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.berth.core.image.Digest;
import dev.berth.testkit.TestTar;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;

/** Builds image configs and docker-save / OCI-layout archives for tests. */
final class Archives {
    private Archives() {}

    static final byte[] LAYER1 = new TestTar().dir("bin").file("bin/sh", "#!shell").dir("etc").file("etc/hosts", "127.0.0.1").bytes();
    static final byte[] LAYER2 = new TestTar().dir("etc").whiteout("etc/hosts").file("etc/motd", "hello world").bytes();

    record Img(byte[] config, List<byte[]> layers, List<String> tags) {}

    static byte[] config(String created, Map<String, String> labels, byte[]... layers) {
        ObjectNode root = ConfigCodec.JSON.createObjectNode();
        root.put("architecture", "amd64");
        ObjectNode cfg = root.putObject("config");
        cfg.putArray("Cmd").add("/bin/sh");
        if (labels != null) {
            ObjectNode l = cfg.putObject("Labels");
            labels.forEach(l::put);
        }
        root.put("created", created);
        ArrayNode history = root.putArray("history");
        for (int i = 0; i < layers.length; i++) {
            history.addObject().put("created", created).put("created_by", "/bin/sh -c step" + i);
        }
        history.addObject().put("created", created).put("created_by", "/bin/sh -c #(nop) CMD [\"/bin/sh\"]").put("empty_layer", true);
        root.put("os", "linux");
        ObjectNode rootfs = root.putObject("rootfs");
        rootfs.put("type", "layers");
        ArrayNode diffIds = rootfs.putArray("diff_ids");
        for (byte[] l : layers) diffIds.add(Digest.sha256(l).toString());
        try {
            return ConfigCodec.JSON.writeValueAsBytes(root);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A docker-save archive in the pre-25 layout: {@code <hex>.json}, {@code <n>/layer.tar}, manifest.json. */
    static byte[] dockerSave(Img... images) {
        TestTar tar = new TestTar();
        ArrayNode manifest = ConfigCodec.JSON.createArrayNode();
        int n = 0;
        for (Img img : images) {
            String configName = Digest.sha256(img.config()).hex() + ".json";
            tar.file(configName, img.config(), 0644, 0, 0);
            ObjectNode entry = manifest.addObject();
            entry.put("Config", configName);
            ArrayNode tags = entry.putArray("RepoTags");
            img.tags().forEach(tags::add);
            ArrayNode layers = entry.putArray("Layers");
            for (byte[] layer : img.layers()) {
                String dir = "layer" + (n++);
                tar.dir(dir);
                tar.file(dir + "/layer.tar", layer, 0644, 0, 0);
                layers.add(dir + "/layer.tar");
            }
        }
        try {
            tar.file("manifest.json", ConfigCodec.JSON.writeValueAsBytes(manifest), 0644, 0, 0);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return tar.bytes();
    }

    /** An OCI image layout with gzip layers, named through containerd's annotation. */
    static byte[] ociLayout(Img img, String name) throws IOException {
        TestTar tar = new TestTar();
        tar.file("oci-layout", "{\"imageLayoutVersion\":\"1.0.0\"}");
        Digest configDigest = Digest.sha256(img.config());
        tar.file("blobs/sha256/" + configDigest.hex(), img.config(), 0644, 0, 0);
        ObjectNode manifest = ConfigCodec.JSON.createObjectNode();
        manifest.put("schemaVersion", 2);
        manifest.put("mediaType", "application/vnd.oci.image.manifest.v1+json");
        manifest.putObject("config").put("mediaType", "application/vnd.oci.image.config.v1+json")
            .put("digest", configDigest.toString()).put("size", img.config().length);
        ArrayNode layers = manifest.putArray("layers");
        for (byte[] layer : img.layers()) {
            byte[] gz = TestTar.gzip(layer);
            Digest d = Digest.sha256(gz);
            tar.file("blobs/sha256/" + d.hex(), gz, 0644, 0, 0);
            layers.addObject().put("mediaType", "application/vnd.oci.image.layer.v1.tar+gzip")
                .put("digest", d.toString()).put("size", gz.length);
        }
        byte[] manifestBytes = ConfigCodec.JSON.writeValueAsBytes(manifest);
        Digest md = Digest.sha256(manifestBytes);
        tar.file("blobs/sha256/" + md.hex(), manifestBytes, 0644, 0, 0);
        ObjectNode index = ConfigCodec.JSON.createObjectNode();
        index.put("schemaVersion", 2);
        ObjectNode desc = index.putArray("manifests").addObject();
        desc.put("mediaType", "application/vnd.oci.image.manifest.v1+json").put("digest", md.toString())
            .put("size", manifestBytes.length);
        desc.putObject("annotations").put("io.containerd.image.name", name).put("org.opencontainers.image.ref.name", "latest");
        tar.file("index.json", ConfigCodec.JSON.writeValueAsBytes(index), 0644, 0, 0);
        return tar.bytes();
    }

    /** The entries of a tar, name → content, in order. */
    static Map<String, byte[]> entries(byte[] tar) throws IOException {
        Map<String, byte[]> out = new LinkedHashMap<>();
        try (TarArchiveInputStream in = new TarArchiveInputStream(new ByteArrayInputStream(tar))) {
            TarArchiveEntry e;
            while ((e = in.getNextEntry()) != null) out.put(e.getName(), in.readAllBytes());
        }
        return out;
    }
}
