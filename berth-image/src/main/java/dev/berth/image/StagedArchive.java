package dev.berth.image;

import dev.berth.common.error.BerthException;
import dev.berth.core.image.Digest;
import dev.berth.storage.Compression;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestOutputStream;
import java.security.MessageDigest;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.Map;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;

/**
 * An image archive (docker save or OCI layout tar) unpacked into a staging directory. Files are
 * hashed while written, so a layer or blob whose digest is already known is moved into the blob
 * store without being read again. Links inside the archive (older docker save shares layers with
 * symlinks) are resolved within the archive. The owner deletes the directory.
 */
final class StagedArchive {
    private final Path dir;
    private final Map<String, Path> files = new HashMap<>();
    private final Map<String, Digest> digests = new HashMap<>();
    private final Map<String, String> links = new HashMap<>();
    private int counter;

    private StagedArchive(Path dir) {
        this.dir = dir;
    }

    /** Reads the whole (optionally compressed) tar into {@code dir}; a broken tar is {@code InvalidArgument}. */
    static StagedArchive read(InputStream archive, Path dir) {
        StagedArchive staged = new StagedArchive(dir);
        try {
            TarArchiveInputStream tar = new TarArchiveInputStream(Compression.autoDecompress(archive));
            TarArchiveEntry e;
            while ((e = next(tar)) != null) staged.add(tar, e);
        } catch (IOException e) {
            throw new BerthException.Internal("cannot stage image archive: " + e.getMessage(), e);
        }
        return staged;
    }

    private static TarArchiveEntry next(TarArchiveInputStream tar) {
        try {
            return tar.getNextEntry();
        } catch (IOException | IllegalArgumentException e) {
            throw new BerthException.InvalidArgument("invalid tar archive: " + e.getMessage(), e);
        }
    }

    private void add(TarArchiveInputStream tar, TarArchiveEntry e) throws IOException {
        String name = clean(e.getName());
        if (e.isSymbolicLink()) {
            String target = e.getLinkName().startsWith("/") ? e.getLinkName() : parentOf(name) + "/" + e.getLinkName();
            links.put(name, clean(target));
        } else if (e.isLink()) {
            links.put(name, clean(e.getLinkName()));
        } else if (e.isFile()) {
            Path file = dir.resolve("f" + (counter++));
            MessageDigest sha = Digest.newSha256();
            try (OutputStream out = new DigestOutputStream(Files.newOutputStream(file), sha)) {
                byte[] buf = new byte[65536];
                while (true) {
                    int n;
                    try {
                        n = tar.read(buf);
                    } catch (IOException ex) {
                        throw new BerthException.InvalidArgument("invalid tar archive: " + ex.getMessage(), ex);
                    }
                    if (n < 0) break;
                    out.write(buf, 0, n);
                }
            }
            files.put(name, file);
            digests.put(name, Digest.ofSha256(sha.digest()));
        }
    }

    private static String parentOf(String name) {
        int slash = name.lastIndexOf('/');
        return slash < 0 ? "" : name.substring(0, slash);
    }

    /** Normalises an archive path, resolving {@code ..} but never above the archive root. */
    static String clean(String name) {
        Deque<String> parts = new ArrayDeque<>();
        for (String p : name.split("/")) {
            if (p.isEmpty() || p.equals(".")) continue;
            if (p.equals("..")) {
                if (parts.isEmpty()) throw new BerthException.InvalidArgument("invalid archive path: " + name);
                parts.removeLast();
            } else {
                parts.addLast(p);
            }
        }
        return String.join("/", parts);
    }

    private String resolve(String name) {
        String n = clean(name);
        for (int hops = 0; links.containsKey(n); hops++) {
            if (hops > 16) throw new BerthException.InvalidArgument("too many links in archive at " + name);
            n = links.get(n);
        }
        return n;
    }

    boolean has(String name) {
        return files.containsKey(resolve(name));
    }

    /** The staged file for {@code name}; {@code InvalidArgument} naming the file when absent. */
    Path file(String name) {
        Path p = files.get(resolve(name));
        if (p == null) throw new BerthException.InvalidArgument("invalid archive: " + name + " not found in the archive");
        return p;
    }

    Digest digest(String name) {
        file(name);
        return digests.get(resolve(name));
    }

    byte[] read(String name) {
        try {
            return Files.readAllBytes(file(name));
        } catch (IOException e) {
            throw new BerthException.Internal("cannot read staged " + name + ": " + e.getMessage(), e);
        }
    }

    /** Whether the staged file is still here, i.e. not yet moved into the blob store. */
    boolean exists(String name) {
        return Files.exists(file(name));
    }
}
