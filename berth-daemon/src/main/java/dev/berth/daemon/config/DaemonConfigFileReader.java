package dev.berth.daemon.config;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import dev.berth.common.error.BerthException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/** Reads {@code daemon.json}: unknown keys are an error, as in dockerd. */
public final class DaemonConfigFileReader {
    /** Every key the file may hold, taken from the record's {@link JsonProperty} names. */
    public static final Set<String> KNOWN_KEYS = knownKeys();
    private static final Set<String> NETWORK_KEYS = keysOf(NetworkConfigFile.class);

    private static final ObjectMapper MAPPER = JsonMapper.builder()
        .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
        .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
        .build();

    private DaemonConfigFileReader() {}

    /** What the file holds and which keys it names (conflicts with flags are checked on the keys). */
    public record Parsed(DaemonConfigFile config, Set<String> keys, NetworkConfigFile network) {
        public static final Parsed NONE = new Parsed(DaemonConfigFile.EMPTY, Set.of());

        public Parsed(DaemonConfigFile config, Set<String> keys) {
            this(config, keys, NetworkConfigFile.EMPTY);
        }
    }

    /**
     * Reads {@code file}. A missing file is fine when it is the default location
     * ({@code explicit == false}) and an error when the operator named it.
     */
    public static Parsed read(Path file, boolean explicit) {
        byte[] content;
        try {
            content = Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            if (!explicit) return Parsed.NONE;
            throw invalid(file, "open " + file + ": no such file or directory", e);
        } catch (IOException e) {
            throw invalid(file, "cannot read " + file + ": " + e.getMessage(), e);
        }
        return parse(file, content);
    }

    static Parsed parse(Path file, byte[] content) {
        if (new String(content, java.nio.charset.StandardCharsets.UTF_8).isBlank()) return Parsed.NONE;
        JsonNode tree;
        try {
            tree = MAPPER.readTree(content);
        } catch (JsonProcessingException e) {
            throw invalid(file, "invalid JSON: " + e.getOriginalMessage(), e);
        } catch (IOException e) {
            throw invalid(file, e.getMessage(), e);
        }
        if (tree == null || !tree.isObject()) throw invalid(file, "the file must hold one JSON object", null);
        Set<String> keys = new LinkedHashSet<>();
        List<String> unknown = new ArrayList<>();
        for (Iterator<String> it = tree.fieldNames(); it.hasNext(); ) {
            String key = it.next();
            keys.add(key);
            if (!KNOWN_KEYS.contains(key)) unknown.add(key);
        }
        if (!unknown.isEmpty()) {
            throw invalid(file, "the following directives don't match any configuration option: " + String.join(", ", unknown), null);
        }
        try {
            // the networking keys map onto their own record; each record sees only its keys
            var main = ((com.fasterxml.jackson.databind.node.ObjectNode) tree).deepCopy();
            var network = MAPPER.createObjectNode();
            for (String key : NETWORK_KEYS) {
                if (main.has(key)) network.set(key, main.remove(key));
            }
            return new Parsed(MAPPER.treeToValue(main, DaemonConfigFile.class), Set.copyOf(keys),
                MAPPER.treeToValue(network, NetworkConfigFile.class));
        } catch (JsonProcessingException e) {
            throw invalid(file, e.getOriginalMessage(), e);
        }
    }

    private static BerthException.InvalidArgument invalid(Path file, String why, Throwable cause) {
        return new BerthException.InvalidArgument("unable to configure the Berth daemon with file " + file + ": " + why, cause);
    }

    private static Set<String> knownKeys() {
        Set<String> keys = new LinkedHashSet<>(keysOf(DaemonConfigFile.class));
        keys.addAll(keysOf(NetworkConfigFile.class));
        return Set.copyOf(keys);
    }

    private static Set<String> keysOf(Class<? extends Record> type) {
        Set<String> keys = new LinkedHashSet<>();
        Arrays.stream(type.getRecordComponents())
            .map(c -> c.getAccessor().getAnnotation(JsonProperty.class).value())
            .forEach(keys::add);
        return keys;
    }
}
