package dev.berth.image.registry;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.berth.common.error.BerthException;
import dev.berth.core.image.Digest;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * A parsed manifest: either one image ({@link ImageManifest}) or a list of per-platform manifests
 * ({@link ManifestIndex}). Parsing never re-serialises: digests are always over the registry's bytes.
 */
public sealed interface ManifestDocument {

    String mediaType();

    /** A schema2 or OCI image manifest: one config blob and the ordered layer blobs. */
    record ImageManifest(String mediaType, Descriptor config, List<Descriptor> layers) implements ManifestDocument {
        public ImageManifest {
            layers = List.copyOf(layers);
        }

        /**
         * The schema2 manifest JSON dockerd would write for these blobs, byte for byte (3-space
         * indent, fields in Go struct order), so the same image gets the same digest from either engine.
         */
        public static byte[] schema2Json(Descriptor config, List<Descriptor> layers) {
            StringBuilder sb = new StringBuilder(256 + 160 * layers.size());
            sb.append("{\n   \"schemaVersion\": 2,\n   \"mediaType\": \"").append(MediaTypes.DOCKER_MANIFEST).append("\",\n");
            sb.append("   \"config\": ");
            appendDescriptor(sb, config, "   ");
            sb.append(",\n   \"layers\": [");
            for (int i = 0; i < layers.size(); i++) {
                sb.append(i == 0 ? "\n      " : ",\n      ");
                appendDescriptor(sb, layers.get(i), "      ");
            }
            sb.append(layers.isEmpty() ? "]\n}" : "\n   ]\n}");
            return sb.toString().getBytes(StandardCharsets.UTF_8);
        }

        private static void appendDescriptor(StringBuilder sb, Descriptor d, String indent) {
            sb.append("{\n").append(indent).append("   \"mediaType\": \"").append(d.mediaType()).append("\",\n")
              .append(indent).append("   \"size\": ").append(d.size()).append(",\n")
              .append(indent).append("   \"digest\": \"").append(d.digest()).append("\"\n")
              .append(indent).append('}');
        }
    }

    /** A Docker manifest list or OCI index. */
    record ManifestIndex(String mediaType, List<Descriptor> manifests) implements ManifestDocument {
        public ManifestIndex {
            manifests = List.copyOf(manifests);
        }

        /** The entry for {@code platform}, preferring an exact variant match; NotFound in dockerd's words. */
        public Descriptor select(Platform platform) {
            Descriptor loose = null;
            for (Descriptor d : manifests) {
                Platform p = d.platform();
                if (p == null || !platform.accepts(p)) continue;
                if (p.variant() == null || p.variant().equals(platform.variant())) return d;
                if (loose == null) loose = d;
            }
            if (loose != null) return loose;
            throw new BerthException.NotFound("no matching manifest for " + platform + " in the manifest list entries");
        }

        /** Serialises the index (used by tests and multi-platform pushes); field order is stable. */
        public byte[] toJson() {
            var root = MAPPER.createObjectNode();
            root.put("schemaVersion", 2);
            root.put("mediaType", mediaType);
            var array = root.putArray("manifests");
            for (Descriptor d : manifests) {
                var node = array.addObject();
                node.put("mediaType", d.mediaType());
                node.put("size", d.size());
                node.put("digest", d.digest().toString());
                if (d.platform() != null) {
                    var p = node.putObject("platform");
                    p.put("architecture", d.platform().architecture());
                    p.put("os", d.platform().os());
                    if (d.platform().variant() != null) p.put("variant", d.platform().variant());
                }
            }
            try {
                return MAPPER.writeValueAsBytes(root);
            } catch (IOException e) {
                throw new BerthException.Internal("cannot encode manifest index", e);
            }
        }
    }

    ObjectMapper MAPPER = new ObjectMapper();

    /**
     * Parses manifest bytes. {@code contentType} (the response header) wins over the body's own
     * {@code mediaType}; when both are missing the shape decides, as in the distribution library.
     */
    static ManifestDocument parse(byte[] bytes, String contentType) {
        JsonNode root;
        try {
            root = MAPPER.readTree(bytes);
        } catch (IOException e) {
            throw new BerthException.Unavailable("registry returned an invalid manifest: " + e.getMessage(), e);
        }
        if (root == null || !root.isObject()) throw new BerthException.Unavailable("registry returned an invalid manifest");
        String mediaType = bodyOrHeaderType(root, contentType);
        if (MediaTypes.isSchema1(mediaType) || root.path("schemaVersion").asInt() == 1) {
            throw new BerthException.InvalidArgument("Docker Image Format v1 and Docker Image manifest version 2, schema 1"
                + " support has been removed. Suggest the author of the image to upgrade the image to the OCI Format or"
                + " Docker Image manifest v2, schema 2.");
        }
        if (MediaTypes.isIndex(mediaType)) {
            List<Descriptor> entries = new ArrayList<>();
            for (JsonNode m : root.path("manifests")) entries.add(descriptor(m));
            return new ManifestIndex(mediaType, entries);
        }
        if (MediaTypes.isImageManifest(mediaType)) {
            List<Descriptor> layers = new ArrayList<>();
            for (JsonNode l : root.path("layers")) layers.add(descriptor(l));
            return new ImageManifest(mediaType, descriptor(root.path("config")), layers);
        }
        throw new BerthException.InvalidArgument("unsupported manifest media type: " + mediaType);
    }

    private static String bodyOrHeaderType(JsonNode root, String contentType) {
        String header = contentType == null ? "" : contentType.split(";", 2)[0].trim();
        if (MediaTypes.isIndex(header) || MediaTypes.isImageManifest(header) || MediaTypes.isSchema1(header)) return header;
        String body = root.path("mediaType").asText("");
        if (!body.isEmpty()) return body;
        if (root.has("manifests")) return MediaTypes.OCI_INDEX;
        if (root.has("config")) return MediaTypes.OCI_MANIFEST;
        return header;
    }

    private static Descriptor descriptor(JsonNode node) {
        if (!node.isObject() || !node.hasNonNull("digest")) {
            throw new BerthException.Unavailable("registry returned a manifest with an invalid descriptor");
        }
        Platform platform = null;
        JsonNode p = node.get("platform");
        if (p != null && p.isObject()) {
            platform = new Platform(p.path("os").asText(""), p.path("architecture").asText(""),
                p.hasNonNull("variant") ? p.get("variant").asText() : null);
        }
        return new Descriptor(node.path("mediaType").asText(""), Digest.parse(node.get("digest").asText()),
            node.path("size").asLong(), platform);
    }
}
