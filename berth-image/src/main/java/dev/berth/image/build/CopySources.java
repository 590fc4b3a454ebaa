package dev.berth.image.build;

import dev.berth.common.error.BerthException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.PathMatcher;
import java.nio.file.attribute.PosixFileAttributes;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.stream.Stream;

/**
 * The files one COPY or ADD takes: each source pattern resolved below a root (the build context,
 * or another stage's files), wildcards expanded as Go's {@code filepath.Match} does per path
 * element, and a content checksum for the cache key. The checksum covers names, modes, owners,
 * sizes, link targets and contents, not modification times, like dockerd's tarsum, so touching
 * a file keeps the cache.
 */
final class CopySources {
    private CopySources() {}

    /** Every existing path matching {@code patterns}, in order; a pattern matching nothing is an error. */
    static List<Path> resolve(Path root, List<String> patterns, String instruction) {
        List<Path> out = new ArrayList<>();
        for (String pattern : patterns) {
            String rel = BuildContext.stripLeadingSlashes(pattern);
            Path direct = root.resolve(rel).normalize();
            if (!direct.startsWith(root)) throw new BerthException.InvalidArgument("Forbidden path outside the build context: " + pattern);
            if (!hasWildcard(rel)) {
                if (!Files.exists(direct, LinkOption.NOFOLLOW_LINKS)) throw notFound(instruction, pattern);
                out.add(direct);
                continue;
            }
            List<Path> matches = glob(root, rel);
            if (matches.isEmpty()) throw new BerthException.InvalidArgument(instruction + " failed: no source files were specified");
            out.addAll(matches);
        }
        return out;
    }

    private static BerthException notFound(String instruction, String pattern) {
        return new BerthException.InvalidArgument(instruction + " failed: file not found in build context or excluded by .dockerignore: stat "
            + BuildContext.stripLeadingSlashes(pattern) + ": file does not exist");
    }

    static boolean hasWildcard(String s) {
        return s.contains("*") || s.contains("?") || s.contains("[");
    }

    private static List<Path> glob(Path root, String rel) {
        String normalized = Path.of(rel).normalize().toString();
        PathMatcher m = FileSystems.getDefault().getPathMatcher("glob:" + normalized.replace("**", "*"));
        int depth = Path.of(normalized).getNameCount();
        try (Stream<Path> walk = Files.walk(root, depth)) {
            return walk.filter(p -> !p.equals(root))
                .filter(p -> root.relativize(p).getNameCount() == depth && m.matches(root.relativize(p)))
                .sorted().toList();
        } catch (IOException e) {
            throw new BerthException.Internal("cannot list the build context: " + e.getMessage(), e);
        }
    }

    /** {@code file:<hex>}, {@code dir:<hex>} or, for several sources, {@code multi:<hex>}; {@code salt} joins the key (--chown). */
    static String checksum(List<Path> sources, String salt) {
        if (sources.size() == 1) {
            Path p = sources.getFirst();
            return (Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS) ? "dir:" : "file:") + hash(p, salt);
        }
        MessageDigest all = sha256();
        for (Path p : sources) all.update(hash(p, salt).getBytes());
        return "multi:" + HexFormat.of().formatHex(all.digest());
    }

    private static String hash(Path source, String salt) {
        MessageDigest d = sha256();
        d.update((salt == null ? "" : salt).getBytes());
        try (Stream<Path> walk = Files.walk(source)) {
            for (Path p : walk.sorted().toList()) {
                PosixFileAttributes a = Files.readAttributes(p, PosixFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
                String header = source.relativize(p) + "\0" + a.permissions() + "\0" + a.owner().getName() + "\0"
                    + a.group().getName() + "\0" + a.size() + "\0" + (a.isDirectory() ? "d" : a.isSymbolicLink() ? "l" : "f");
                d.update(header.getBytes());
                if (a.isSymbolicLink()) {
                    d.update(Files.readSymbolicLink(p).toString().getBytes());
                } else if (a.isRegularFile()) {
                    try (InputStream in = Files.newInputStream(p)) {
                        byte[] buf = new byte[65536];
                        int n;
                        while ((n = in.read(buf)) > 0) d.update(buf, 0, n);
                    }
                }
            }
        } catch (IOException e) {
            throw new BerthException.Internal("cannot read " + source + ": " + e.getMessage(), e);
        }
        return HexFormat.of().formatHex(d.digest());
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
