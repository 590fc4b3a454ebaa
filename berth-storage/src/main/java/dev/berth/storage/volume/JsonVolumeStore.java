package dev.berth.storage.volume;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import dev.berth.common.error.BerthException;
import dev.berth.common.io.AtomicFiles;
import dev.berth.core.volume.VolumeStore;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Map;
import java.util.TreeMap;

/**
 * The engine's volume records in one JSON file, rewritten whole and atomically on every change
 * (volumes change rarely; one file means one fsync and no partial state). The file name starts with
 * a dot so no volume name can clash with it: names must start with a letter or digit.
 */
public final class JsonVolumeStore implements VolumeStore {
    static final String FILE = ".metadata.json";
    private static final ObjectMapper JSON = JsonMapper.builder()
        .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES).build();

    private final Path file;
    private final Map<String, Entry> entries = new TreeMap<>();

    /** The on-disk shape, versioned so it can evolve apart from the wire and domain types. */
    record Document(@JsonProperty("version") int version, @JsonProperty("volumes") Map<String, Entry> volumes) {}

    record Entry(@JsonProperty("driver") String driver, @JsonProperty("labels") Map<String, String> labels,
                 @JsonProperty("options") Map<String, String> options, @JsonProperty("createdAt") String createdAt) {}

    /** @param root {@code <data-root>/volumes} */
    public JsonVolumeStore(Path root) {
        this.file = root.resolve(FILE);
    }

    @Override
    public synchronized Map<String, VolumeRecord> load() {
        entries.clear();
        if (Files.exists(file)) {
            try {
                Document doc = JSON.readValue(file.toFile(), Document.class);
                if (doc.version() != 1) throw new BerthException.Internal(file + " has unknown version " + doc.version());
                if (doc.volumes() != null) entries.putAll(doc.volumes());
            } catch (IOException e) {
                throw new BerthException.Internal("cannot read " + file + ": " + e.getMessage(), e);
            }
        }
        Map<String, VolumeRecord> out = new TreeMap<>();
        entries.forEach((name, e) -> out.put(name, new VolumeRecord(name, e.driver(), e.labels(), e.options(),
            e.createdAt() == null ? null : Instant.parse(e.createdAt()))));
        return out;
    }

    @Override
    public synchronized void put(VolumeRecord r) {
        entries.put(r.name(), new Entry(r.driver(), r.labels(), r.options(), r.createdAt() == null ? null : r.createdAt().toString()));
        save();
    }

    @Override
    public synchronized void delete(String name) {
        if (entries.remove(name) != null) save();
    }

    private void save() {
        try {
            AtomicFiles.write(file, JSON.writerWithDefaultPrettyPrinter().writeValueAsBytes(new Document(1, entries)));
        } catch (IOException e) {
            throw new BerthException.Internal("cannot write " + file + ": " + e.getMessage(), e);
        }
    }
}
