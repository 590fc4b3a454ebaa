package dev.berth.plugins.sdk;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * A volume plugin written in Java: implement this and hand it to {@link PluginServer#serve}; the
 * server speaks Docker's plugin protocol (activation, {@code /VolumeDriver.*}, JSON, errors) for it.
 *
 * <p>Threading: the server calls methods concurrently, one virtual thread per connection; the
 * implementation synchronises its own state. Errors: throw any exception; its message reaches
 * dockerd or Berth as the protocol's {@code Err}. Say "no such volume" for unknown names so
 * engines can tell a missing volume from a failure.
 */
public interface VolumePlugin {

    void create(String name, Map<String, String> options);

    void remove(String name);

    /** Makes the volume available for caller {@code id} (a container) and returns the host path. */
    String mount(String name, String id);

    void unmount(String name, String id);

    String path(String name);

    /** The volume, or an exception when there is no such volume. */
    Info get(String name);

    List<Info> list();

    /** {@code local} (the default) or {@code global}. */
    default String scope() { return "local"; }

    /**
     * One volume as the plugin reports it.
     *
     * @param mountpoint empty when not mounted
     * @param createdAt null when unknown
     */
    record Info(String name, String mountpoint, Instant createdAt, Map<String, Object> status) {}
}
