package dev.berth.storage.volume;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.berth.common.error.BerthException;
import dev.berth.common.io.AtomicFiles;
import dev.berth.common.process.CommandRunner;
import dev.berth.core.volume.Volume;
import dev.berth.core.volume.VolumeDriver;
import dev.berth.core.volume.VolumeDrivers;
import dev.berth.storage.LoopFilesystem;
import dev.berth.storage.MountTable;
import dev.berth.sys.ErrnoException;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * dockerd's {@code local} volume driver: each volume is {@code <root>/<name>/_data} with its options
 * in {@code <root>/<name>/opts.json}. Volumes with {@code type}/{@code device} are mounted when
 * their first user mounts them and unmounted after the last; {@code size=} volumes are an ext4
 * image ({@code <root>/<name>/disk.ext4}) loop-mounted the same way, so writes past the size fail
 * with ENOSPC and the host filesystem is untouched. Data is deleted only by {@link #remove}.
 *
 * <p>Threading: methods are synchronized; the slow ones (mkfs, mount) take a second at most.
 */
public final class LocalVolumeDriver implements VolumeDriver {
    private static final Pattern NAME = Pattern.compile("[a-zA-Z0-9][a-zA-Z0-9_.-]+");
    private static final Duration MOUNT_TIMEOUT = Duration.ofMinutes(1);
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Path root;
    private final CommandRunner commands;
    private final LoopFilesystem loop;
    /** Mounts per volume; the device or image is mounted while this is above zero. */
    private final Map<String, Integer> active = new HashMap<>();

    /** @param root {@code <data-root>/volumes} */
    public LocalVolumeDriver(Path root, CommandRunner commands) {
        this.root = root.toAbsolutePath().normalize();
        this.commands = commands;
        this.loop = new LoopFilesystem(commands);
        try {
            Files.createDirectories(this.root);
        } catch (IOException e) {
            throw new BerthException.Internal("cannot create " + root + ": " + e.getMessage(), e);
        }
    }

    @Override public String name() { return VolumeDrivers.LOCAL; }

    @Override public Volume.Scope scope() { return Volume.Scope.LOCAL; }

    @Override
    public synchronized DriverVolume create(String name, Map<String, String> opts) {
        validateName(name);
        LocalVolumeOptions options = LocalVolumeOptions.parse(opts);
        Path dir = root.resolve(name);
        if (Files.isDirectory(data(name))) return get(name);
        try {
            Files.createDirectories(dir, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx-----x")));
            Files.createDirectories(data(name));
            if (!opts.isEmpty()) AtomicFiles.write(dir.resolve("opts.json"), JSON.writeValueAsBytes(new java.util.TreeMap<>(opts)));
            if (options.sizeLimited()) loop.create(image(name), options.size());
        } catch (IOException | RuntimeException e) {
            deleteTree(dir);
            if (e instanceof BerthException b) throw b;
            throw new BerthException.Internal("cannot create volume " + name + ": " + e.getMessage(), e);
        }
        return get(name);
    }

    @Override
    public synchronized void remove(String name) {
        requireExists(name);
        if (active.getOrDefault(name, 0) > 0) throw new BerthException.Conflict("volume is in use");
        unmountData(name);
        loop.detach(image(name));
        deleteTree(root.resolve(name));
    }

    @Override
    public synchronized String mount(String name, String callerId) {
        requireExists(name);
        int count = active.getOrDefault(name, 0);
        if (count == 0 && !MountTable.isMountPoint(data(name))) {
            LocalVolumeOptions options = LocalVolumeOptions.parse(options(name));
            if (options.sizeLimited()) {
                loop.mount(image(name), data(name));
            } else if (options.mountsDevice()) {
                List<String> argv = new ArrayList<>(List.of("mount", "-t", options.type()));
                if (options.o() != null && !options.o().isEmpty()) argv.addAll(List.of("-o", options.o()));
                argv.addAll(List.of(options.device(), data(name).toString()));
                CommandRunner.Result r = commands.run(argv, MOUNT_TIMEOUT);
                if (!r.ok()) {
                    throw new BerthException.Internal("error while mounting volume '" + data(name) + "': "
                        + String.join(" ", argv) + ": " + r.stderr().strip());
                }
            }
        }
        active.put(name, count + 1);
        return data(name).toString();
    }

    @Override
    public synchronized void unmount(String name, String callerId) {
        int count = active.getOrDefault(name, 0);
        if (count > 1) {
            active.put(name, count - 1);
            return;
        }
        active.remove(name);
        if (Files.isDirectory(root.resolve(name))) unmountData(name);
    }

    @Override
    public synchronized String path(String name) {
        requireExists(name);
        return data(name).toString();
    }

    @Override
    public synchronized DriverVolume get(String name) {
        requireExists(name);
        java.time.Instant created;
        try {
            created = Files.getLastModifiedTime(root.resolve(name)).toInstant();
        } catch (IOException e) {
            created = null;
        }
        return new DriverVolume(name, data(name).toString(), created, Map.of());
    }

    @Override
    public synchronized List<DriverVolume> list() {
        List<DriverVolume> out = new ArrayList<>();
        try (DirectoryStream<Path> dirs = Files.newDirectoryStream(root)) {
            for (Path dir : dirs) {
                String name = dir.getFileName().toString();
                if (Files.isDirectory(dir) && NAME.matcher(name).matches() && Files.isDirectory(data(name))) out.add(get(name));
            }
        } catch (IOException e) {
            throw new BerthException.Internal("cannot list " + root + ": " + e.getMessage(), e);
        }
        return out;
    }

    /** The options the volume was created with, from {@code opts.json}. */
    Map<String, String> options(String name) {
        Path file = root.resolve(name).resolve("opts.json");
        if (!Files.exists(file)) return Map.of();
        try {
            return JSON.readValue(file.toFile(), new TypeReference<Map<String, String>>() {});
        } catch (IOException e) {
            throw new BerthException.Internal("cannot read " + file + ": " + e.getMessage(), e);
        }
    }

    static void validateName(String name) {
        if (name.length() == 1) {
            throw new BerthException.InvalidArgument("volume name is too short, names should be at least two alphanumeric characters");
        }
        if (!NAME.matcher(name).matches()) {
            throw new BerthException.InvalidArgument("\"" + name + "\" includes invalid characters for a local volume name, only "
                + "\"[a-zA-Z0-9][a-zA-Z0-9_.-]\" are allowed. If you intended to pass a host directory, use absolute path");
        }
    }

    private void requireExists(String name) {
        if (!NAME.matcher(name).matches() || !Files.isDirectory(data(name))) {
            throw new BerthException.NotFound("no such volume");
        }
    }

    private Path data(String name) { return root.resolve(name).resolve("_data"); }

    private Path image(String name) { return root.resolve(name).resolve("disk.ext4"); }

    private void unmountData(String name) {
        try {
            // loop: also frees the device (autoclear); a mount left by a crash is cleaned up the same way
            if (MountTable.isMountPoint(data(name))) MountTable.unmount(data(name));
        } catch (ErrnoException e) {
            throw new BerthException.Internal("cannot unmount volume " + name + ": " + e.getMessage(), e);
        }
    }

    private static void deleteTree(Path dir) {
        if (!Files.exists(dir)) return;
        try (var walk = Files.walk(dir)) {
            for (Path p : walk.sorted(java.util.Comparator.reverseOrder()).toList()) Files.deleteIfExists(p);
        } catch (IOException e) {
            throw new BerthException.Internal("cannot delete " + dir + ": " + e.getMessage(), e);
        }
    }
}
