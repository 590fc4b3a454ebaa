package dev.berth.image.build;

import dev.berth.common.error.BerthException;
import dev.berth.core.container.RootfsArchiver;
import dev.berth.storage.Compression;
import dev.berth.storage.TarRootfsArchiver;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;

/**
 * The build context unpacked into a private directory (the tar is streamed, never held in
 * memory), and scratch space for the build's temporary files. Paths from the Dockerfile resolve
 * inside it; {@code ..} cannot leave it. Closing deletes everything.
 */
final class BuildContext implements AutoCloseable {
    private final Path dir;
    private final Path root;
    private int scratchCounter;

    private BuildContext(Path dir) {
        this.dir = dir;
        this.root = dir.resolve("context");
    }

    /** Unpacks {@code tar} (plain, gzip, bzip2 or xz) below a new directory in {@code tmp}. */
    static BuildContext extract(InputStream tar, Path tmp) {
        BuildContext ctx;
        try {
            Files.createDirectories(tmp);
            ctx = new BuildContext(Files.createTempDirectory(tmp, "build-"));
            Files.createDirectories(ctx.root);
        } catch (IOException e) {
            throw new BerthException.Internal("cannot create the build directory: " + e.getMessage(), e);
        }
        try {
            InputStream plain = new PaddedTarStream(Compression.autoDecompress(tar));
            new TarRootfsArchiver().extract(ctx.root, "/", plain, RootfsArchiver.ExtractOptions.DEFAULT);
            return ctx;
        } catch (IOException | RuntimeException e) {
            ctx.close();
            if (e instanceof BerthException b) throw b;
            throw new BerthException.InvalidArgument("cannot read the build context: " + e.getMessage(), e);
        }
    }

    Path root() { return root; }

    /** The Dockerfile's text; {@code name} is relative to the context root. */
    String dockerfile(String name) {
        Path p = resolve(name);
        if (!Files.isRegularFile(p)) {
            throw new BerthException.InvalidArgument("Cannot locate specified Dockerfile: " + name);
        }
        try {
            return Files.readString(p, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new BerthException.InvalidArgument("cannot read " + name + ": " + e.getMessage(), e);
        }
    }

    /** A context path ({@code a/b}, {@code ./a}, {@code /a} all mean the same) that cannot escape the context. */
    Path resolve(String path) {
        Path p = root.resolve(stripLeadingSlashes(path)).normalize();
        if (!p.startsWith(root)) throw new BerthException.InvalidArgument("Forbidden path outside the build context: " + path);
        return p;
    }

    /** A new empty directory for the build's own files (outside the context). */
    Path scratch() {
        try {
            return Files.createDirectories(dir.resolve("scratch-" + (++scratchCounter)));
        } catch (IOException e) {
            throw new BerthException.Internal("cannot create build scratch space: " + e.getMessage(), e);
        }
    }

    static String stripLeadingSlashes(String path) {
        int i = 0;
        while (i < path.length() && path.charAt(i) == '/') i++;
        return path.substring(i);
    }

    @Override public void close() {
        if (!Files.exists(dir)) return;
        try (var walk = Files.walk(dir)) {
            for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) Files.deleteIfExists(p);
        } catch (IOException e) {
            throw new BerthException.Internal("cannot remove build directory " + dir + ": " + e.getMessage(), e);
        }
    }
}
