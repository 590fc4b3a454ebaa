package dev.berth.plugins.testplugin;

import dev.berth.plugins.sdk.VolumePlugin;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Volumes as directories {@code <root>/<name>}: the smallest plugin that behaves like a real one
 * (names checked, unknown volumes reported as "no such volume", mounted volumes not removable).
 */
public final class DirectoryVolumePlugin implements VolumePlugin {
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_.-]*");

    private final Path root;
    private final Map<String, Set<String>> mountedBy = new HashMap<>();

    public DirectoryVolumePlugin(Path root) {
        this.root = root;
        try {
            Files.createDirectories(root);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public synchronized void create(String name, Map<String, String> options) {
        if (name == null || !NAME.matcher(name).matches()) throw new IllegalArgumentException("invalid volume name: " + name);
        for (String key : options.keySet()) {
            if (!key.equals("note")) throw new IllegalArgumentException("unknown option: " + key);
        }
        try {
            Files.createDirectories(dir(name));
            if (options.containsKey("note")) Files.writeString(root.resolve("." + name + ".note"), options.get("note"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public synchronized void remove(String name) {
        existing(name);
        if (!mountedBy.getOrDefault(name, Set.of()).isEmpty()) throw new IllegalStateException("volume " + name + " is mounted");
        try (var walk = Files.walk(dir(name))) {
            for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) Files.delete(p);
            Files.deleteIfExists(root.resolve("." + name + ".note"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        mountedBy.remove(name);
    }

    @Override
    public synchronized String mount(String name, String id) {
        existing(name);
        mountedBy.computeIfAbsent(name, k -> new HashSet<>()).add(id);
        return dir(name).toString();
    }

    @Override
    public synchronized void unmount(String name, String id) {
        Set<String> callers = mountedBy.get(name);
        if (callers != null) callers.remove(id);
    }

    @Override
    public synchronized String path(String name) {
        return existing(name).toString();
    }

    @Override
    public synchronized Info get(String name) {
        Path dir = existing(name);
        Map<String, Object> status = new HashMap<>();
        status.put("mounts", mountedBy.getOrDefault(name, Set.of()).size());
        try {
            Path note = root.resolve("." + name + ".note");
            if (Files.exists(note)) status.put("note", Files.readString(note));
            return new Info(name, dir.toString(), Files.getLastModifiedTime(dir).toInstant(), status);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public synchronized List<Info> list() {
        List<Info> out = new ArrayList<>();
        try (var dirs = Files.list(root)) {
            for (Path d : dirs.sorted().toList()) {
                String name = d.getFileName().toString();
                if (Files.isDirectory(d) && NAME.matcher(name).matches()) out.add(get(name));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out;
    }

    private Path existing(String name) {
        if (name == null || !NAME.matcher(name).matches() || !Files.isDirectory(dir(name))) {
            throw new IllegalArgumentException("no such volume: " + name);
        }
        return dir(name);
    }

    private Path dir(String name) { return root.resolve(name); }
}
