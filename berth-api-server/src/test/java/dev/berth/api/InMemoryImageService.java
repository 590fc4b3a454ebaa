package dev.berth.api;

import dev.berth.common.error.BerthException;
import dev.berth.core.filter.Filters;
import dev.berth.core.image.Digest;
import dev.berth.core.image.Image;
import dev.berth.core.image.ImageConfig;
import dev.berth.core.image.ImageDeletion;
import dev.berth.core.image.ImageHistoryItem;
import dev.berth.core.image.ImageService;
import dev.berth.core.image.Progress;
import dev.berth.core.image.RegistryCredentials;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** A fake image service for route tests: images live in a map; load counts the bytes it is sent. */
final class InMemoryImageService implements ImageService {
    final Map<String, Image> byName = new ConcurrentHashMap<>();
    volatile long lastLoadBytes;

    Image add(String name) {
        var image = new Image(Digest.sha256(name), List.of(name), List.of(), "", "", Instant.parse("2024-01-02T03:04:05.123Z"),
            "", "", ImageConfig.EMPTY.withCmd(List.of("sh")), null, "amd64", null, "linux", 42, List.of(Digest.sha256("layer")),
            List.of(), null, null);
        byName.put(name, image);
        return image;
    }

    @Override public List<Image> list(Filters filters, boolean all) { return new ArrayList<>(byName.values()); }

    @Override public Image inspect(String nameOrId) {
        Image i = byName.get(nameOrId);
        if (i == null) throw new BerthException.NotFound("No such image: " + nameOrId);
        return i;
    }

    @Override public List<ImageHistoryItem> history(String nameOrId) { inspect(nameOrId); return List.of(); }

    @Override public void tag(String source, String repo, String tag) { byName.put(repo + ":" + tag, inspect(source)); }

    @Override public List<ImageDeletion> remove(String nameOrId, boolean force, boolean noPrune) {
        Image i = inspect(nameOrId);
        byName.remove(nameOrId);
        return List.of(new ImageDeletion.Untagged(nameOrId), new ImageDeletion.Deleted(i.id()));
    }

    @Override public List<String> load(InputStream archive, Progress progress) {
        try {
            long n = archive.transferTo(OutputStream.nullOutputStream());
            lastLoadBytes = n;
            if (n == 0) throw new BerthException.InvalidArgument("empty archive");
            progress.stream("Loaded image: loaded:latest\n");
            return List.of("loaded:latest");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Writes the IDs, or for the name "big" 48 MiB, so tests can stream a large response. */
    @Override public void save(List<String> names, OutputStream out) {
        try {
            if (names.equals(List.of("big"))) {
                byte[] chunk = new byte[8192];
                for (int i = 0; i < 6 * 1024; i++) out.write(chunk);
                return;
            }
            for (String n : names) out.write(inspect(n).id().toString().getBytes());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Reads only the first bytes, as a tar reader stops at the end-of-archive marker before the padding. */
    @Override public Image commit(CommitRequest request) {
        throw new dev.berth.common.error.BerthException.NotImplemented("commit");
    }

    @Override public Image importRootfs(ImportRequest request, Progress progress) {
        try {
            request.rootfs().readNBytes(10);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Image image = add("imported:latest");
        progress.status(null, image.id().toString());
        return image;
    }

    @Override public PruneReport prune(Filters filters) { return new PruneReport(List.of(), 0); }

    @Override public Image pull(String reference, RegistryCredentials credentials, Progress progress) {
        progress.status("latest", "Pulling from library/x");
        throw new BerthException.Unavailable("registry went away");
    }

    @Override public void push(String repository, String tag, RegistryCredentials credentials, Progress progress) {
        throw new BerthException.Unauthorized("unauthorized: authentication required");
    }

    @Override public String login(RegistryCredentials credentials) { return "Login Succeeded"; }

    @Override public String storageDriver() { return "vfs"; }

    @Override public DiskUsage diskUsage() { return new DiskUsage(List.of(), 0); }
}
