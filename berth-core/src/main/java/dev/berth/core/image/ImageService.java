package dev.berth.core.image;

import dev.berth.core.filter.Filters;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.List;

/**
 * Use cases on local images and their transfer to and from registries.
 *
 * <p>Threading: every method may be called concurrently from virtual threads; implementations
 * serialise changes to names and the store themselves. Long calls report through {@link Progress}.
 *
 * <p>Errors: unknown names → {@code NotFound("No such image: x")}; bad references and broken
 * archives → {@code InvalidArgument}; an image in use → {@code Conflict}; registry failures →
 * {@code Unauthorized}/{@code NotFound}/{@code Unavailable}. A failed call changes nothing.
 */
public interface ImageService {

    List<Image> list(Filters filters, boolean all);

    /** Looks an image up by name, full or short ID, or digest reference. */
    Image inspect(String nameOrId);

    List<ImageHistoryItem> history(String nameOrId);

    /** Adds {@code repo:tag} to the image named {@code source}; an existing tag moves. */
    void tag(String source, String repo, String tag);

    List<ImageDeletion> remove(String nameOrId, boolean force, boolean noPrune);

    /** Loads a docker-save or OCI-layout tar; returns the names (or IDs) loaded. */
    List<String> load(InputStream archive, Progress progress);

    /** Writes one tar holding every named image (docker-save format plus OCI layout). */
    void save(List<String> names, OutputStream out);

    /** Creates a one-layer image from a root filesystem tar ({@code docker import}). */
    Image importRootfs(ImportRequest request, Progress progress);

    PruneReport prune(Filters filters);

    /**
     * Creates an image from a container ({@code docker commit}): the parent's layers plus
     * {@code layerTar} (no layer when it is empty), a config derived from {@code config} with the
     * {@code changes} applied, and a history entry. Names it {@code repository[:tag]} when given.
     */
    Image commit(CommitRequest request);

    /**
     * {@code docker build --cache-from}: the image of the build step after {@code parent} taken from
     * {@code source}, whose history matches the build up to that step (dockerd's
     * {@code restoreCachedImage}): {@code parent}'s history and layers plus the source's entry for
     * the step, with {@code stepConfig} as config. Returns the new image's ID.
     */
    default Digest restoreBuildStep(Digest parent, Digest source, ImageConfig stepConfig) {
        throw new dev.berth.common.error.BerthException.NotImplemented("--cache-from is not supported by this image store");
    }

    /** Pulls {@code reference} (a tag or digest; no tag means latest). */
    Image pull(String reference, RegistryCredentials credentials, Progress progress);

    /** Pushes every tag of {@code repository} or just {@code tag} when given. */
    void push(String repository, String tag, RegistryCredentials credentials, Progress progress);

    /** Checks credentials against a registry; returns the status text for {@code docker login}. */
    String login(RegistryCredentials credentials);

    /** The layer store's driver name as {@code docker info} shows it ({@code overlay2}, {@code vfs}). */
    String storageDriver();

    /** Total bytes the images occupy and how much of it is shared between images. */
    DiskUsage diskUsage();

    record ImportRequest(InputStream rootfs, String repository, String tag, String message,
                         List<String> changes, String platform) {}

    record PruneReport(List<ImageDeletion> deleted, long spaceReclaimed) {}

    /**
     * @param parent          the container's image (null: none)
     * @param layerTar        the container's writable layer as a tar with OCI whiteouts
     * @param config          the new image's config before {@code changes}
     * @param containerConfig the container's config (image fields {@code container_config}, and what {@code config} inherits)
     * @param image           the image name the container was created from (the configs' {@code Image})
     * @param createdBy       the history entry's {@code created_by}
     * @param buildStep       a builder step: {@code config} is recorded as given, not merged with {@code containerConfig}
     *                        (dockerd's {@code CommitBuildStep}, whose container config holds the step's {@code #(nop)} Cmd)
     */
    record CommitRequest(Digest parent, java.io.InputStream layerTar, ImageConfig config, ImageConfig containerConfig,
                         List<String> changes, String containerId, String image, String comment, String author,
                         String createdBy, String repository, String tag, boolean buildStep) {

        public CommitRequest(Digest parent, java.io.InputStream layerTar, ImageConfig config, ImageConfig containerConfig,
                             List<String> changes, String containerId, String image, String comment, String author,
                             String createdBy, String repository, String tag) {
            this(parent, layerTar, config, containerConfig, changes, containerId, image, comment, author, createdBy,
                repository, tag, false);
        }
    }

    record DiskUsage(List<ImageUsage> images, long layersSize) {
        public record ImageUsage(Image image, long sharedSize, long uniqueSize, int containers) {}
    }
}
