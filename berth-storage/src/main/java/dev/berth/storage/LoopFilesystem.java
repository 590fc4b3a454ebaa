package dev.berth.storage;

import dev.berth.common.error.BerthException;
import dev.berth.common.process.CommandRunner;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A size-limited filesystem for one container's writable layer or one {@code size=} volume: an ext4 image in a sparse file,
 * loop-mounted. This is how {@code --storage-opt size=} works on backing filesystems without
 * project quotas (ext4 without the quota feature, the common case): writing past the size fails
 * with ENOSPC inside the container, and the sparse file only costs the blocks actually written.
 *
 * <p>{@code mount -o loop} attaches the loop device with autoclear, so unmounting normally
 * frees it; {@link #detach} also detaches explicitly whatever still points at the image (a lazy
 * unmount or a crash can leave one behind).
 */
public final class LoopFilesystem {
    private static final Logger LOG = LoggerFactory.getLogger(LoopFilesystem.class);
    private static final Duration TIMEOUT = Duration.ofMinutes(2);
    /** Below this, ext4's own metadata and journal leave almost nothing for the container. */
    public static final long MIN_SIZE = 16L << 20;

    private final CommandRunner commands;

    public LoopFilesystem(CommandRunner commands) {
        this.commands = commands;
    }

    /** Creates the sparse image file of {@code size} bytes and formats it. */
    public void create(Path image, long size) {
        if (size < MIN_SIZE) {
            throw new BerthException.InvalidArgument("storage size " + size + " is below the minimum of "
                + MIN_SIZE + " bytes");
        }
        try (RandomAccessFile f = new RandomAccessFile(image.toFile(), "rw")) {
            f.setLength(size);
        } catch (IOException e) {
            throw new BerthException.Internal("cannot create " + image + ": " + e.getMessage(), e);
        }
        // -m 0: container processes usually run as root and would use the reserved blocks anyway;
        // without them the limit is what the user asked for. -E nodiscard: the file is already sparse.
        commands.check(List.of("mkfs.ext4", "-q", "-F", "-m", "0", "-E", "nodiscard", image.toString()), TIMEOUT);
    }

    public void mount(Path image, Path target) {
        commands.check(List.of("mount", "-t", "ext4", "-o", "loop", image.toString(), target.toString()), TIMEOUT);
    }

    /** Detaches every loop device backed by {@code image}; absent devices are fine. */
    public void detach(Path image) {
        for (String device : devices(image)) {
            CommandRunner.Result r = commands.run(List.of("losetup", "-d", device), TIMEOUT);
            // autoclear may have raced us: a device that is already free is what we wanted
            if (!r.ok() && devices(image).contains(device)) {
                throw new BerthException.Internal("losetup -d " + device + " failed: " + r.stderr().strip());
            }
        }
    }

    /** Loop devices backed by {@code image}, from {@code losetup -j}. */
    public List<String> devices(Path image) {
        CommandRunner.Result r = commands.run(List.of("losetup", "-j", image.toString()), TIMEOUT);
        List<String> out = new ArrayList<>();
        if (!r.ok()) {
            LOG.warn("losetup -j {} failed: {}", image, r.stderr().strip());
            return out;
        }
        for (String line : r.stdout().split("\n")) {
            int colon = line.indexOf(':');
            if (colon > 0 && line.startsWith("/dev/")) out.add(line.substring(0, colon));
        }
        return out;
    }
}
