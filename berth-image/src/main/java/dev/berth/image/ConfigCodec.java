package dev.berth.image;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.berth.common.error.BerthException;
import dev.berth.core.image.Digest;
import dev.berth.core.image.Image;
import dev.berth.core.image.ImageConfig;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Reads image config JSON (Docker's and OCI's, which share field names) into domain records and
 * writes configs for images Berth creates itself. Never used to rewrite a config it received:
 * the image ID is the sha256 of the original bytes.
 */
public final class ConfigCodec {
    static final ObjectMapper JSON = new ObjectMapper();

    private ConfigCodec() {}

    static ParsedConfig parse(byte[] bytes) {
        JsonNode root;
        try {
            root = JSON.readTree(bytes);
        } catch (IOException e) {
            throw new BerthException.InvalidArgument("invalid image config: " + e.getMessage(), e);
        }
        if (root == null || !root.isObject()) throw new BerthException.InvalidArgument("invalid image config: not a JSON object");
        List<Digest> diffIds = new ArrayList<>();
        JsonNode rootfs = root.path("rootfs");
        for (JsonNode d : rootfs.path("diff_ids")) diffIds.add(Digest.parse(d.asText()));
        List<Image.HistoryEntry> history = new ArrayList<>();
        for (JsonNode h : root.path("history")) {
            history.add(new Image.HistoryEntry(time(h.path("created")), text(h, "created_by"), text(h, "author"),
                text(h, "comment"), h.path("empty_layer").asBoolean(false)));
        }
        return new ParsedConfig(time(root.path("created")), text(root, "author"), text(root, "architecture"),
            text(root, "variant"), text(root, "os"), text(root, "docker_version"), text(root, "comment"),
            readConfig(root.get("config")), readConfig(root.get("container_config")), List.copyOf(diffIds),
            List.copyOf(history), text(root, "container"));
    }

    /** Parses the {@code config} object (Docker's container.Config); null stays null. */
    public static ImageConfig readConfig(JsonNode c) {
        if (c == null || c.isNull() || !c.isObject()) return null;
        return new ImageConfig(text(c, "Hostname"), text(c, "Domainname"), text(c, "User"),
            keys(c.get("ExposedPorts")), strings(c.get("Env")), strings(c.get("Cmd")), healthcheck(c.get("Healthcheck")),
            c.hasNonNull("ArgsEscaped") ? c.get("ArgsEscaped").asBoolean() : null, keys(c.get("Volumes")),
            text(c, "WorkingDir"), strings(c.get("Entrypoint")), strings(c.get("OnBuild")), labels(c.get("Labels")),
            text(c, "StopSignal"), c.hasNonNull("StopTimeout") ? Duration.ofSeconds(c.get("StopTimeout").asLong()) : null,
            strings(c.get("Shell")));
    }

    /** Writes {@code config} with Docker's field names and the empty defaults dockerd writes. */
    public static ObjectNode writeConfig(ImageConfig c) {
        ObjectNode n = JSON.createObjectNode();
        n.put("Hostname", orEmpty(c.hostname()));
        n.put("Domainname", orEmpty(c.domainname()));
        n.put("User", orEmpty(c.user()));
        n.put("AttachStdin", false);
        n.put("AttachStdout", false);
        n.put("AttachStderr", false);
        if (c.exposedPorts() != null) n.set("ExposedPorts", emptyObjects(c.exposedPorts()));
        n.put("Tty", false);
        n.put("OpenStdin", false);
        n.put("StdinOnce", false);
        n.set("Env", array(c.env()));
        n.set("Cmd", array(c.cmd()));
        if (c.healthcheck() != null) n.set("Healthcheck", writeHealthcheck(c.healthcheck()));
        if (c.argsEscaped() != null) n.put("ArgsEscaped", c.argsEscaped());
        n.put("Image", "");
        n.set("Volumes", c.volumes() == null ? n.nullNode() : emptyObjects(c.volumes()));
        n.put("WorkingDir", orEmpty(c.workingDir()));
        n.set("Entrypoint", array(c.entrypoint()));
        n.set("OnBuild", array(c.onBuild()));
        if (c.labels() == null) {
            n.putNull("Labels");
        } else {
            ObjectNode l = n.putObject("Labels");
            c.labels().forEach(l::put);
        }
        if (c.stopSignal() != null) n.put("StopSignal", c.stopSignal());
        if (c.stopTimeout() != null) n.put("StopTimeout", c.stopTimeout().toSeconds());
        if (c.shell() != null) n.set("Shell", array(c.shell()));
        return n;
    }

    /** A config for a one-layer image Berth creates ({@code docker import}), as dockerd shapes it. */
    static byte[] importedImage(ImageConfig config, Instant created, String comment, String architecture,
                                String variant, String os, Digest diffId, String dockerVersion) {
        ObjectNode root = JSON.createObjectNode();
        root.put("architecture", architecture);
        if (comment != null && !comment.isEmpty()) root.put("comment", comment);
        root.set("config", writeConfig(config));
        root.put("created", created.toString());
        root.put("docker_version", dockerVersion);
        ObjectNode history = root.putArray("history").addObject();
        history.put("created", created.toString());
        if (comment != null && !comment.isEmpty()) history.put("comment", comment);
        root.put("os", os);
        ObjectNode rootfs = root.putObject("rootfs");
        rootfs.put("type", "layers");
        rootfs.putArray("diff_ids").add(diffId.toString());
        if (variant != null && !variant.isEmpty()) root.put("variant", variant);
        try {
            return JSON.writeValueAsBytes(root);
        } catch (JsonProcessingException e) {
            throw new BerthException.Internal("cannot encode image config", e);
        }
    }

    private static ObjectNode writeHealthcheck(ImageConfig.Healthcheck h) {
        ObjectNode n = JSON.createObjectNode();
        n.set("Test", array(h.test()));
        if (h.interval() != null) n.put("Interval", h.interval().toNanos());
        if (h.timeout() != null) n.put("Timeout", h.timeout().toNanos());
        if (h.startPeriod() != null) n.put("StartPeriod", h.startPeriod().toNanos());
        if (h.startInterval() != null) n.put("StartInterval", h.startInterval().toNanos());
        if (h.retries() != null) n.put("Retries", h.retries());
        return n;
    }

    private static ImageConfig.Healthcheck healthcheck(JsonNode h) {
        if (h == null || !h.isObject()) return null;
        return new ImageConfig.Healthcheck(strings(h.get("Test")), nanos(h, "Interval"), nanos(h, "Timeout"),
            nanos(h, "StartPeriod"), nanos(h, "StartInterval"), h.hasNonNull("Retries") ? h.get("Retries").asInt() : null);
    }

    private static Duration nanos(JsonNode n, String field) {
        return n.hasNonNull(field) ? Duration.ofNanos(n.get(field).asLong()) : null;
    }

    static Instant time(JsonNode n) {
        if (n == null || !n.isTextual()) return null;
        try {
            return OffsetDateTime.parse(n.asText()).toInstant();
        } catch (RuntimeException e) {
            return null;
        }
    }

    private static String text(JsonNode n, String field) {
        JsonNode v = n.get(field);
        return v == null || v.isNull() ? null : v.asText();
    }

    private static String orEmpty(String s) { return s == null ? "" : s; }

    private static List<String> strings(JsonNode n) {
        if (n == null || !n.isArray()) return null;
        List<String> out = new ArrayList<>();
        n.forEach(x -> out.add(x.asText()));
        return List.copyOf(out);
    }

    private static Set<String> keys(JsonNode n) {
        if (n == null || !n.isObject()) return null;
        Set<String> out = new LinkedHashSet<>();
        n.fieldNames().forEachRemaining(out::add);
        return out;
    }

    private static Map<String, String> labels(JsonNode n) {
        if (n == null || !n.isObject()) return null;
        Map<String, String> out = new LinkedHashMap<>();
        n.fields().forEachRemaining(e -> out.put(e.getKey(), e.getValue().asText()));
        return out;
    }

    private static JsonNode array(List<String> values) {
        if (values == null) return JSON.nullNode();
        ArrayNode a = JSON.createArrayNode();
        values.forEach(a::add);
        return a;
    }

    private static ObjectNode emptyObjects(Set<String> keys) {
        ObjectNode o = JSON.createObjectNode();
        for (String k : keys) o.putObject(k);
        return o;
    }
}
