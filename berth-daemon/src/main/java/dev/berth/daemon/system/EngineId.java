package dev.berth.daemon.system;

import dev.berth.common.error.BerthException;
import dev.berth.common.io.AtomicFiles;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.UUID;

/** The engine's stable identity ({@code docker info}'s ID), kept in {@code <data-root>/engine-id} as dockerd does. */
public final class EngineId {
    public static final String FILE_NAME = "engine-id";

    private EngineId() {}

    /** Reads the ID, creating it on first start. Call while holding the data-root lock. */
    public static String loadOrCreate(Path dataRoot) {
        Path file = dataRoot.resolve(FILE_NAME);
        try {
            if (Files.exists(file)) {
                String id = Files.readString(file, StandardCharsets.UTF_8).strip();
                if (!id.isEmpty()) return id;
            }
        } catch (IOException e) {
            throw new BerthException.Internal("cannot read " + file + ": " + e.getMessage(), e);
        }
        String id = UUID.randomUUID().toString();
        AtomicFiles.write(file, (id + "\n").getBytes(StandardCharsets.UTF_8));
        return id;
    }
}
