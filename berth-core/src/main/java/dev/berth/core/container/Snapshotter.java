package dev.berth.core.container;

import dev.berth.core.image.Digest;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.List;

/**
 * A container's root filesystem: the image's read-only layers plus one writable layer.
 *
 * <p>Lifecycle: {@link #prepare} once when the container is created (takes a reference on the
 * image's layers so they are not removed while the container exists); {@link #mount} before the
 * container starts and {@link #unmount} after it stops (both idempotent); {@link #remove} when the
 * container is deleted (unmounts if needed, deletes the writable layer, releases the layers).
 * After a daemon restart, {@link #restore} re-takes the references of every existing container.
 *
 * <p>Threading: calls for different containers may run concurrently; calls for one container are
 * serialised by the caller. Errors: unknown container → NotFound; mount failures → Internal with
 * the kernel's error text.
 */
public interface Snapshotter {

    /** The driver's name as {@code docker info} and {@code GraphDriver.Name} show it. */
    String driverName();

    /** Creates the writable layer for {@code containerId} on top of the layer chain {@code imageTopChain} (null: empty image). */
    void prepare(String containerId, Digest imageTopChain, Long sizeLimitBytes);

    /** Mounts (overlay) or assembles (vfs) the root filesystem and returns its path. */
    Path mount(String containerId);

    void unmount(String containerId);

    void remove(String containerId);

    /** Re-acquires layer references for containers that exist on disk (daemon start). */
    void restore(String containerId, Digest imageTopChain);

    /** The writable layer's directory (for {@code docker diff}, commit, size). */
    Path upperDir(String containerId);

    /** Paths changed relative to the image: A (added), C (changed), D (deleted), as {@code docker diff}. */
    List<Change> changes(String containerId);

    /** The writable layer as a tar with OCI whiteouts (for {@code docker commit}). */
    InputStream diffTar(String containerId);

    /** Bytes used by the writable layer ({@code SizeRw}). */
    long sizeRw(String containerId);

    /** Driver data for inspect's {@code GraphDriver.Data} (LowerDir, UpperDir, WorkDir, MergedDir). */
    java.util.Map<String, String> driverData(String containerId);

    record Change(String path, Kind kind) {
        public enum Kind { MODIFIED, ADDED, DELETED }
    }
}
