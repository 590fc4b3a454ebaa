package dev.berth.daemon;

import dev.berth.common.error.BerthException;
import dev.berth.core.filter.Filters;
import dev.berth.core.image.Image;
import dev.berth.core.image.ImageDeletion;
import dev.berth.core.image.ImageHistoryItem;
import dev.berth.core.image.ImageService;
import dev.berth.core.image.Progress;
import dev.berth.core.image.RegistryCredentials;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.List;

/**
 * Stand-in until {@code dev.berth.image.LocalImageService} is wired in {@link Wiring}: every call
 * answers 501 Not Implemented. Not a fake: it stores nothing and pretends nothing.
 * TODO(merge helper-a): delete this class once Wiring builds the real service.
 */
final class UnwiredImageService implements ImageService {
    private final String storageDriver;

    UnwiredImageService(String storageDriver) {
        this.storageDriver = storageDriver;
    }

    @Override public String storageDriver() { return storageDriver; }

    private static BerthException.NotImplemented missing() {
        return new BerthException.NotImplemented("images are not available in this build of berthd yet");
    }

    @Override public List<Image> list(Filters filters, boolean all) { throw missing(); }
    @Override public Image inspect(String nameOrId) { throw missing(); }
    @Override public List<ImageHistoryItem> history(String nameOrId) { throw missing(); }
    @Override public void tag(String source, String repo, String tag) { throw missing(); }
    @Override public List<ImageDeletion> remove(String nameOrId, boolean force, boolean noPrune) { throw missing(); }
    @Override public List<String> load(InputStream archive, Progress progress) { throw missing(); }
    @Override public void save(List<String> names, OutputStream out) { throw missing(); }
    @Override public Image importRootfs(ImportRequest request, Progress progress) { throw missing(); }
    @Override public PruneReport prune(Filters filters) { throw missing(); }
    @Override public Image pull(String reference, RegistryCredentials credentials, Progress progress) { throw missing(); }
    @Override public void push(String repository, String tag, RegistryCredentials credentials, Progress progress) { throw missing(); }
    @Override public String login(RegistryCredentials credentials) { throw missing(); }
    @Override public DiskUsage diskUsage() { throw missing(); }
}
