package dev.berth.runtime;

import dev.berth.common.error.BerthException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

/** Device nodes of the host, for --device and --privileged (which exposes all of them, as in Docker). */
public final class HostDevices {
    private static final int S_IFMT = 0170000, S_IFCHR = 0020000, S_IFBLK = 0060000;
    /** Directories of /dev that are per-container anyway (runc makes its own) or not devices. */
    private static final Set<String> SKIP = Set.of("pts", "shm", "mqueue", "fd", "console");

    /** One device node as it should appear in the container. */
    public record Node(String containerPath, String type, long major, long minor, int fileMode) {}

    private final Path devRoot;

    public HostDevices(Path devRoot) { this.devRoot = devRoot; }

    /** Every character and block device under /dev. */
    public List<Node> all() {
        List<Node> out = new ArrayList<>();
        try (Stream<Path> walk = Files.walk(devRoot)) {
            for (Path p : walk.filter(this::wanted).toList()) {
                Node n = node(p, p.toString());
                if (n != null) out.add(n);
            }
        } catch (IOException | java.io.UncheckedIOException e) {
            throw new BerthException.Internal("cannot list host devices: " + e.getMessage(), e);
        }
        return out;
    }

    /**
     * The device at {@code hostPath} (or every device below it, for a directory such as /dev/snd),
     * placed at {@code containerPath}.
     *
     * @throws BerthException.InvalidArgument if it is not a device
     */
    public List<Node> lookup(String hostPath, String containerPath) {
        Path host = Path.of(hostPath);
        String target = containerPath == null || containerPath.isEmpty() ? hostPath : containerPath;
        if (Files.isDirectory(host)) {
            List<Node> out = new ArrayList<>();
            try (Stream<Path> walk = Files.walk(host)) {
                for (Path p : walk.toList()) {
                    Node n = node(p, target + "/" + host.relativize(p));
                    if (n != null) out.add(n);
                }
            } catch (IOException e) {
                throw new BerthException.InvalidArgument("error gathering device information while adding custom device \""
                    + hostPath + "\": " + e.getMessage(), e);
            }
            return out;
        }
        Node n = node(host, target);
        if (n == null) {
            throw new BerthException.InvalidArgument("error gathering device information while adding custom device \""
                + hostPath + "\": not a device node");
        }
        return List.of(n);
    }

    private boolean wanted(Path p) {
        for (Path part : devRoot.relativize(p)) if (SKIP.contains(part.toString())) return false;
        return true;
    }

    private static Node node(Path p, String containerPath) {
        try {
            int mode = (Integer) Files.getAttribute(p, "unix:mode", LinkOption.NOFOLLOW_LINKS);
            String type = switch (mode & S_IFMT) {
                case S_IFCHR -> "c";
                case S_IFBLK -> "b";
                default -> null;
            };
            if (type == null) return null;
            long rdev = (Long) Files.getAttribute(p, "unix:rdev", LinkOption.NOFOLLOW_LINKS);
            // glibc's dev_t encoding: 12-bit major and 20-bit minor split across the word
            long major = ((rdev >>> 8) & 0xfff) | ((rdev >>> 32) & ~0xfffL);
            long minor = (rdev & 0xff) | ((rdev >>> 12) & ~0xffL);
            return new Node(containerPath, type, major, minor, mode & 07777);
        } catch (IOException e) {
            return null;
        }
    }
}
