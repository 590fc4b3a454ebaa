package dev.berth.core.volume;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * Stores volume data: Docker's VolumeDriver semantics, so that the built-in local driver and a
 * remote plugin speaking Docker's plugin protocol are interchangeable behind {@link VolumeService}.
 *
 * <p>Lifecycle: {@link #create} makes a volume (creating one that exists is not an error and
 * returns it), {@link #mount} makes its data available at a host path for one caller (a container
 * ID), {@link #unmount} releases that caller, {@link #remove} deletes it and its data. A driver
 * keeps no per-caller state the engine relies on across restarts; the engine re-mounts after a
 * restart. Calls for one volume name are serialised by {@link VolumeService}; calls for different
 * names may run concurrently on virtual threads, and may block (a remote call can take minutes).
 *
 * <p>Errors: an unknown volume → {@code NotFound}; bad names or options → {@code InvalidArgument};
 * a driver that cannot be reached or times out → {@code Unavailable} naming the driver and the call;
 * anything the driver itself reports → {@code Internal} (or a more precise kind when known), with
 * the driver's text. A failed create leaves nothing behind.
 */
public interface VolumeDriver {

    /** The name clients pass with {@code docker volume create -d}. */
    String name();

    /** Creates {@code name} with the driver options {@code opts} (never null). */
    DriverVolume create(String name, Map<String, String> opts);

    /** Deletes the volume and its data. The engine has checked that nobody uses it. */
    void remove(String name);

    /** Makes the data available for {@code callerId} and returns the host path to bind-mount. */
    String mount(String name, String callerId);

    /** Releases {@code callerId}'s mount; the driver may tear down when no caller is left. */
    void unmount(String name, String callerId);

    /** The host path of the volume's data; may be empty when it is not mounted. */
    String path(String name);

    DriverVolume get(String name);

    List<DriverVolume> list();

    /** Whether the driver's volumes are visible on this host only or cluster-wide. */
    Volume.Scope scope();

    /**
     * What a driver knows about one volume.
     *
     * @param createdAt null when the driver does not say
     */
    record DriverVolume(String name, String mountpoint, Instant createdAt, Map<String, String> status) {
        public DriverVolume {
            mountpoint = mountpoint == null ? "" : mountpoint;
            status = status == null ? Map.of() : Map.copyOf(status);
        }
    }
}
