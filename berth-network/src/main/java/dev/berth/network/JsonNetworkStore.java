package dev.berth.network;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import dev.berth.common.error.BerthException;
import dev.berth.common.io.AtomicFiles;
import dev.berth.core.network.NetworkStore;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * Networks as one JSON file each under {@code <data-root>/network/}, written crash-safely
 * (temp file, fsync, rename). A file that cannot be read is skipped with a warning rather than
 * keeping the daemon from starting.
 */
public final class JsonNetworkStore implements NetworkStore {
    private static final org.slf4j.Logger log = org.slf4j.LoggerFactory.getLogger(JsonNetworkStore.class);
    private static final ObjectMapper MAPPER = JsonMapper.builder()
        .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
        .enable(SerializationFeature.INDENT_OUTPUT)
        .build();

    private final Path dir;

    public JsonNetworkStore(Path dir) {
        this.dir = dir;
    }

    @Override
    public List<Stored> loadAll() {
        if (!Files.isDirectory(dir)) return List.of();
        List<Stored> out = new ArrayList<>();
        try (Stream<Path> files = Files.list(dir)) {
            for (Path f : files.filter(p -> p.getFileName().toString().endsWith(".json")).sorted().toList()) {
                try {
                    NetworkRecord r = MAPPER.readValue(f.toFile(), NetworkRecord.class);
                    if (r.version() != NetworkRecord.VERSION) {
                        log.warn("skipping {}: unknown format version {}", f, r.version());
                        continue;
                    }
                    out.add(r.toStored());
                } catch (IOException | RuntimeException e) {
                    log.warn("skipping unreadable network file {}: {}", f, e.getMessage());
                }
            }
        } catch (IOException e) {
            throw new BerthException.Internal("cannot list " + dir + ": " + e.getMessage(), e);
        }
        out.sort(java.util.Comparator.comparing(s -> s.network().created()));
        return out;
    }

    @Override
    public void save(Stored stored) {
        try {
            AtomicFiles.write(file(stored.network().id()), MAPPER.writeValueAsBytes(NetworkRecord.of(stored)));
        } catch (IOException e) {
            throw new BerthException.Internal("cannot encode network " + stored.network().name() + ": " + e.getMessage(), e);
        }
    }

    @Override
    public void delete(String networkId) {
        try {
            Files.deleteIfExists(file(networkId));
            if (Files.isDirectory(dir)) AtomicFiles.syncDirectory(dir);
        } catch (IOException e) {
            throw new BerthException.Internal("cannot delete network " + networkId + ": " + e.getMessage(), e);
        }
    }

    private Path file(String id) {
        if (!id.matches("[0-9a-f]{64}")) throw new BerthException.InvalidArgument("invalid network id " + id);
        return dir.resolve(id + ".json");
    }
}
