package dev.berth.common.io;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Reads pseudo-files under /proc and /sys. They report a size of 0 and some (the sysctl files
 * under /proc/sys) come back truncated from {@code Files.readString}: "4" instead of "40" for
 * {@code cap_last_cap} on this project's kernels. A plain stream read to EOF is always whole.
 */
public final class KernelFiles {
    private KernelFiles() {}

    public static String read(Path file) throws IOException {
        try (InputStream in = Files.newInputStream(file)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }
}
