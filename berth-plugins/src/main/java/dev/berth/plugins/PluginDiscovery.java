package dev.berth.plugins;

import dev.berth.common.error.BerthException;
import dev.berth.plugins.protocol.PluginProtocol;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.TreeSet;
import java.util.regex.Pattern;

/**
 * Finds legacy plugins by name the way dockerd does, checked at each lookup (plugins come and go):
 * first a unix socket {@code <dir>/NAME.sock} or {@code <dir>/NAME/NAME.sock} in the socket
 * directories, then {@code NAME.spec} (a URL) or {@code NAME.json} (URL plus TLS) in the spec
 * directories, each also as {@code <dir>/NAME/NAME.ext}. Berth's {@code plugin-dirs} are searched
 * first, for sockets and spec files alike, so tests and operators can keep plugins elsewhere.
 *
 * <p>Thread-safe: it holds no state but the directory lists.
 */
public final class PluginDiscovery {
    public static final List<Path> DOCKER_SOCKET_DIRS = List.of(Path.of("/run/docker/plugins"));
    public static final List<Path> DOCKER_SPEC_DIRS = List.of(Path.of("/etc/docker/plugins"), Path.of("/usr/lib/docker/plugins"));
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_.:-]*");

    private final List<Path> socketDirs;
    private final List<Path> specDirs;

    public PluginDiscovery(List<Path> socketDirs, List<Path> specDirs) {
        this.socketDirs = List.copyOf(socketDirs);
        this.specDirs = List.copyOf(specDirs);
    }

    /** dockerd's directories, after {@code extraDirs} (searched for sockets and spec files). */
    public static PluginDiscovery standard(List<Path> extraDirs) {
        List<Path> sockets = new ArrayList<>(extraDirs);
        sockets.addAll(DOCKER_SOCKET_DIRS);
        List<Path> specs = new ArrayList<>(extraDirs);
        specs.addAll(DOCKER_SPEC_DIRS);
        return new PluginDiscovery(sockets, specs);
    }

    public Optional<PluginSpec> find(String name) {
        if (!NAME.matcher(name).matches() || name.contains("..")) return Optional.empty();
        for (Path dir : socketDirs) {
            for (Path p : candidates(dir, name, ".sock")) {
                if (isSocket(p)) return Optional.of(new PluginSpec(name, URI.create("unix://" + p.toAbsolutePath()), null));
            }
        }
        for (Path dir : specDirs) {
            for (String ext : List.of(".spec", ".json")) {
                for (Path p : candidates(dir, name, ext)) {
                    if (Files.isRegularFile(p)) return Optional.of(ext.equals(".json") ? readJson(name, p) : readSpec(name, p));
                }
            }
        }
        return Optional.empty();
    }

    /** Every plugin name a lookup could find now, sorted: for listing every driver's volumes. */
    public List<String> names() {
        TreeSet<String> names = new TreeSet<>();
        for (Path dir : socketDirs) collect(dir, ".sock", true, names);
        for (Path dir : specDirs) {
            collect(dir, ".spec", false, names);
            collect(dir, ".json", false, names);
        }
        return List.copyOf(names);
    }

    private static void collect(Path dir, String ext, boolean socket, TreeSet<String> into) {
        if (!Files.isDirectory(dir)) return;
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(dir)) {
            for (Path e : entries) {
                String file = e.getFileName().toString();
                Path candidate = file.endsWith(ext) ? e : e.resolve(file + ext);
                String name = file.endsWith(ext) ? file.substring(0, file.length() - ext.length()) : file;
                if (socket ? isSocket(candidate) : Files.isRegularFile(candidate)) into.add(name);
            }
        } catch (IOException ignored) {
            // a directory we cannot read holds no plugins we can use
        }
    }

    private static List<Path> candidates(Path dir, String name, String ext) {
        return List.of(dir.resolve(name + ext), dir.resolve(name).resolve(name + ext));
    }

    private static boolean isSocket(Path p) {
        try {
            Object mode = Files.getAttribute(p, "unix:mode");
            return mode instanceof Integer m && (m & 0170000) == 0140000; // S_IFSOCK
        } catch (IOException | UnsupportedOperationException e) {
            return false;
        }
    }

    static PluginSpec readSpec(String name, Path file) {
        String text;
        try {
            text = Files.readString(file, StandardCharsets.UTF_8).strip();
        } catch (IOException e) {
            throw new BerthException.Internal("cannot read plugin spec " + file + ": " + e.getMessage(), e);
        }
        return new PluginSpec(name, address(text, file), null);
    }

    static PluginSpec readJson(String name, Path file) {
        try {
            PluginSpec.JsonSpec spec = PluginProtocol.JSON.readValue(file.toFile(), PluginSpec.JsonSpec.class);
            if (spec.addr() == null) throw new BerthException.InvalidArgument("plugin spec " + file + " has no Addr");
            return new PluginSpec(name, address(spec.addr().strip(), file), spec.tls());
        } catch (IOException e) {
            throw new BerthException.InvalidArgument("cannot read plugin spec " + file + ": " + e.getMessage(), e);
        }
    }

    private static URI address(String text, Path file) {
        URI uri;
        try {
            uri = URI.create(text);
        } catch (IllegalArgumentException e) {
            throw new BerthException.InvalidArgument("plugin spec " + file + ": invalid address " + text);
        }
        if (uri.getScheme() == null || !List.of("unix", "tcp", "http", "https").contains(uri.getScheme())) {
            throw new BerthException.InvalidArgument("plugin spec " + file + ": Unknown protocol in " + text);
        }
        return uri;
    }
}
