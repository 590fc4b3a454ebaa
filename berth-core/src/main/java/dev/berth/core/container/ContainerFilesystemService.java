package dev.berth.core.container;

import dev.berth.core.image.ImageConfig;
import java.io.InputStream;
import java.util.List;

/**
 * Use cases on a container's files: {@code docker cp} (stat, archive, extract), {@code export},
 * {@code diff}, {@code commit} and the sizes {@code ps -s} shows. They work on running and
 * stopped containers alike; a stopped container's root filesystem is mounted for the duration.
 *
 * <p>Threading: every method may be called concurrently from virtual threads and may block.
 * Returned streams keep the root filesystem mounted until they are closed: always close them.
 *
 * <p>Errors: unknown container → {@code NotFound("No such container: x")}; a missing path →
 * {@code NotFound("Could not find the file <path> in container <name>")}; extraction into a
 * non-directory → {@code InvalidArgument}; a read-only root filesystem → {@code Forbidden}.
 */
public interface ContainerFilesystemService {

    PathStat statPath(String idOrName, String path);

    /** A tar of {@code path} with its stat; publishes {@code archive-path}. */
    PathArchive archive(String idOrName, String path);

    /** Unpacks {@code tar} into the existing directory {@code path}; publishes {@code extract-to-dir}. */
    void extract(String idOrName, String path, InputStream tar, boolean noOverwriteDirNonDir, boolean copyUidGid);

    /** A tar of the whole root filesystem; publishes {@code export}. */
    InputStream export(String idOrName);

    /** Paths changed relative to the image, as {@code docker diff} lists them. */
    List<Snapshotter.Change> changes(String idOrName);

    /** Creates an image from the container's writable layer; returns its ID ({@code sha256:…}). */
    String commit(CommitRequest request);

    /** {@code SizeRw} and {@code SizeRootFs} of {@code ps -s} and {@code inspect -s}. */
    Sizes sizes(String idOrName);

    record PathArchive(PathStat stat, InputStream tar) {}

    /**
     * @param config  the body of {@code POST /commit}: overrides for the image config; null uses the container's
     * @param changes Dockerfile instructions ({@code --change}) applied on top
     * @param buildContainerConfig set by the builder: the container config to record (its Cmd is the step's
     *                             {@code #(nop)} comment); {@code config} is then taken as is, without merging
     */
    record CommitRequest(String container, String repository, String tag, String comment, String author,
                         boolean pause, List<String> changes, ImageConfig config, ImageConfig buildContainerConfig) {

        public CommitRequest(String container, String repository, String tag, String comment, String author,
                             boolean pause, List<String> changes, ImageConfig config) {
            this(container, repository, tag, comment, author, pause, changes, config, null);
        }
    }

    record Sizes(long sizeRw, long sizeRootFs) {}
}
