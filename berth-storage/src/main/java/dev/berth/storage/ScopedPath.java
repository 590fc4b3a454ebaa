package dev.berth.storage;

import dev.berth.common.error.BerthException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.Deque;

/**
 * Resolves paths inside a root as if the root were {@code /} (chroot semantics): symlinks met on
 * the way are followed but can never lead outside the root, and {@code ..} stops at the root.
 * This is what keeps a layer containing {@code etc -> /} followed by {@code etc/passwd} from
 * writing to the host.
 */
final class ScopedPath {
    private static final int MAX_LINKS = 255;

    private ScopedPath() {}

    /**
     * Normalises a tar entry name to a relative path; names that climb out ({@code ../x},
     * {@code a/../../x}) are refused because a well-formed layer never contains them.
     */
    static String cleanEntryName(String name) {
        String n = name.replace('\\', '/');
        while (n.startsWith("/")) n = n.substring(1);
        Deque<String> parts = new ArrayDeque<>();
        for (String part : n.split("/")) {
            if (part.isEmpty() || part.equals(".")) continue;
            if (part.equals("..")) {
                throw new BerthException.InvalidArgument("invalid tar entry " + name + ": path escapes the layer");
            }
            parts.addLast(part);
        }
        return String.join("/", parts);
    }

    /**
     * The real location of {@code relative} under {@code root}, following symlinks of all but the
     * last component (which callers create or replace) within the root.
     */
    static Path parentResolved(Path root, String relative) throws IOException {
        if (relative.isEmpty()) return root;
        int slash = relative.lastIndexOf('/');
        String parent = slash < 0 ? "" : relative.substring(0, slash);
        String last = slash < 0 ? relative : relative.substring(slash + 1);
        return resolve(root, parent).resolve(last);
    }

    /** Resolves every component of {@code relative}, symlinks included, within {@code root}. */
    static Path resolve(Path root, String relative) throws IOException {
        Deque<String> pending = new ArrayDeque<>();
        for (String part : relative.split("/")) if (!part.isEmpty()) pending.addLast(part);
        Deque<String> resolved = new ArrayDeque<>();
        int links = 0;
        while (!pending.isEmpty()) {
            String part = pending.removeFirst();
            if (part.equals(".")) continue;
            if (part.equals("..")) {
                if (!resolved.isEmpty()) resolved.removeLast();
                continue;
            }
            Path candidate = join(root, resolved).resolve(part);
            if (Files.isSymbolicLink(candidate)) {
                if (++links > MAX_LINKS) throw new IOException("too many levels of symbolic links: " + relative);
                String target = Files.readSymbolicLink(candidate).toString();
                if (target.startsWith("/")) resolved.clear();
                String[] targetParts = target.split("/");
                for (int i = targetParts.length - 1; i >= 0; i--) {
                    if (!targetParts[i].isEmpty()) pending.addFirst(targetParts[i]);
                }
            } else {
                resolved.addLast(part);
            }
        }
        return join(root, resolved);
    }

    private static Path join(Path root, Deque<String> parts) {
        Path p = root;
        for (String part : parts) p = p.resolve(part);
        return p;
    }

    static boolean exists(Path p) {
        return Files.exists(p, LinkOption.NOFOLLOW_LINKS);
    }
}
