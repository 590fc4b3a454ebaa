package dev.berth.storage;

import dev.berth.core.container.Snapshotter.Change;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * The paths dockerd keeps in a container's init layer, between the image and the writable layer:
 * the runtime's mountpoints ({@code /proc}, {@code /sys}, {@code /dev} and what is below it) and
 * the files the daemon bind-mounts ({@code /etc/hosts}, {@code /etc/hostname},
 * {@code /etc/resolv.conf}, …). Berth has no init layer: runc creates the missing mountpoints in
 * the writable layer. So that {@code docker diff} and {@code docker commit} show what they show on
 * dockerd, these changes are left out, and {@code /etc} when nothing else in it changed.
 */
final class InitLayerPaths {
    private static final Set<String> FILES = Set.of("/.dockerenv", "/etc/hostname", "/etc/hosts", "/etc/resolv.conf", "/etc/mtab");
    /** Mounted over at run time: nothing below them reaches the writable layer on dockerd either. */
    private static final Set<String> MOUNTPOINTS = Set.of("/dev", "/proc", "/sys");
    /** Changed on dockerd only through a change of their own, not by the runtime's files in them. */
    private static final Set<String> PARENTS = Set.of("/etc");

    private InitLayerPaths() {}

    /** {@code changes} (sorted by path) without the init layer's. */
    static List<Change> without(List<Change> changes) {
        List<Change> kept = new ArrayList<>();
        for (Change c : changes) {
            if (!hidden(c.path())) kept.add(c);
        }
        kept.removeIf(c -> PARENTS.contains(c.path()) && c.kind() == Change.Kind.MODIFIED
            && kept.stream().noneMatch(other -> other.path().startsWith(c.path() + "/")));
        return kept;
    }

    static boolean hidden(String path) {
        if (FILES.contains(path)) return true;
        for (String m : MOUNTPOINTS) {
            if (path.equals(m) || path.startsWith(m + "/")) return true;
        }
        return false;
    }
}
