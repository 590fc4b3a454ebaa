package dev.berth.core.container;

import dev.berth.common.error.BerthException;
import dev.berth.common.io.AtomicFiles;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The per-container directory under {@code <data-root>/containers/<id>/} (shared with the
 * {@link ContainerStore}, which keeps its record there) and the files Docker bind-mounts into
 * every container: hostname, hosts and resolv.conf.
 */
final class ContainerFiles {
    private final Path containersDir;
    private final Path bundlesDir;
    private final Path hostResolvConf;

    ContainerFiles(Path containersDir, Path bundlesDir, Path hostResolvConf) {
        this.containersDir = containersDir;
        this.bundlesDir = bundlesDir;
        this.hostResolvConf = hostResolvConf;
    }

    record Paths(Path hostname, Path hosts, Path resolvConf) {}

    Path dir(String id) { return containersDir.resolve(id); }

    Path hostResolvConf() { return hostResolvConf; }

    Path logPath(String id) { return dir(id).resolve("container.log"); }

    Path bundle(String id) { return bundlesDir.resolve(id); }

    Paths paths(String id) {
        return new Paths(dir(id).resolve("hostname"), dir(id).resolve("hosts"), dir(id).resolve("resolv.conf"));
    }

    /** (Re)writes the three files for {@code c}; networking will own hosts and resolv.conf later. */
    Paths write(Container c) {
        Paths p = paths(c.id());
        boolean hostNet = c.hostConfig().networkMode().equals("host");
        String hostname = hostNet ? hostHostname() : RuntimeSpecs.hostname(c);
        // rewritten at every start: atomic, not durable
        AtomicFiles.replace(p.hostname(), (hostname + "\n").getBytes(StandardCharsets.UTF_8));
        String hosts = hostNet ? read(Path.of("/etc/hosts"), "") : """
            127.0.0.1\tlocalhost
            ::1\tlocalhost ip6-localhost ip6-loopback
            fe00::0\tip6-localnet
            ff00::0\tip6-mcastprefix
            ff02::1\tip6-allnodes
            ff02::2\tip6-allrouters
            """;
        AtomicFiles.replace(p.hosts(), hosts.getBytes(StandardCharsets.UTF_8));
        AtomicFiles.replace(p.resolvConf(), read(hostResolvConf, "").getBytes(StandardCharsets.UTF_8));
        return p;
    }

    void deleteDirs(String id) {
        deleteTree(dir(id));
        deleteTree(bundle(id));
    }

    private static String hostHostname() {
        return read(Path.of("/etc/hostname"), "localhost").strip();
    }

    private static String read(Path file, String fallback) {
        try {
            return Files.isRegularFile(file) ? Files.readString(file) : fallback;
        } catch (IOException e) {
            return fallback;
        }
    }

    static void deleteTree(Path dir) {
        if (!Files.exists(dir)) return;
        try (var walk = Files.walk(dir)) {
            for (Path p : walk.sorted(java.util.Comparator.reverseOrder()).toList()) Files.deleteIfExists(p);
        } catch (IOException e) {
            throw new BerthException.Internal("cannot remove " + dir + ": " + e.getMessage(), e);
        }
    }
}
