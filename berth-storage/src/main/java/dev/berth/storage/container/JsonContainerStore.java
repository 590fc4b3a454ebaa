package dev.berth.storage.container;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import dev.berth.common.error.BerthException;
import dev.berth.common.io.AtomicFiles;
import dev.berth.core.container.Container;
import dev.berth.core.container.ContainerStore;
import dev.berth.core.runtime.Security;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@link ContainerStore} as one JSON file per container, {@code <root>/<id>/container.v1.json},
 * written crash-safely with {@link AtomicFiles}. The directory also holds the container's log and
 * generated files, which belong to the service; {@link #delete} removes only the record.
 */
public final class JsonContainerStore implements ContainerStore {
    static final String FILE = "container.v1.json";
    private static final Logger LOG = LoggerFactory.getLogger(JsonContainerStore.class);
    private static final ObjectMapper JSON = JsonMapper.builder()
        .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
        .addMixIn(Security.SeccompProfile.class, SeccompMixin.class)
        .build();

    /** The seccomp choice is a sealed type: stored with a {@code kind} discriminator. */
    @JsonTypeInfo(use = JsonTypeInfo.Id.NAME, property = "kind")
    @JsonSubTypes({
        @JsonSubTypes.Type(value = Security.SeccompProfile.Default.class, name = "default"),
        @JsonSubTypes.Type(value = Security.SeccompProfile.Unconfined.class, name = "unconfined"),
        @JsonSubTypes.Type(value = Security.SeccompProfile.Custom.class, name = "custom")})
    private abstract static class SeccompMixin {}

    private final Path root;

    public JsonContainerStore(Path root) {
        this.root = root;
    }

    @Override
    public void save(Container container) {
        try {
            AtomicFiles.write(root.resolve(container.id()).resolve(FILE), JSON.writeValueAsBytes(ContainerRecord.of(container)));
        } catch (IOException e) {
            throw new BerthException.Internal("cannot encode container " + container.id() + ": " + e.getMessage(), e);
        }
    }

    @Override
    public void delete(String id) {
        try {
            Files.deleteIfExists(root.resolve(id).resolve(FILE));
        } catch (IOException e) {
            throw new BerthException.Internal("cannot delete record of container " + id + ": " + e.getMessage(), e);
        }
    }

    @Override
    public List<Container> loadAll() {
        List<Container> out = new ArrayList<>();
        if (!Files.isDirectory(root)) return out;
        try (var dirs = Files.list(root)) {
            for (Path dir : dirs.toList()) {
                Path file = dir.resolve(FILE);
                if (!Files.isRegularFile(file)) continue;
                try {
                    ContainerRecord r = JSON.readValue(file.toFile(), ContainerRecord.class);
                    if (r.version() != ContainerRecord.VERSION) {
                        LOG.warn("skipping container record {} of unknown version {}", file, r.version());
                        continue;
                    }
                    out.add(r.toContainer());
                } catch (IOException | RuntimeException e) {
                    LOG.warn("skipping unreadable container record {}: {}", file, e.getMessage());
                }
            }
        } catch (IOException e) {
            throw new BerthException.Internal("cannot list " + root + ": " + e.getMessage(), e);
        }
        return out;
    }
}
