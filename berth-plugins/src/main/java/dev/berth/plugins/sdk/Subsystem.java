package dev.berth.plugins.sdk;

/**
 * One plugin API a {@link PluginServer} serves ({@code VolumeDriver}, {@code NetworkDriver},
 * {@code IpamDriver}); a plugin may serve several on one socket, and {@code Plugin.Activate}
 * lists them all.
 */
public sealed interface Subsystem permits VolumeSubsystem, NetworkSubsystem, IpamSubsystem {

    /** The name in {@code Plugin.Activate}'s {@code Implements} and in the paths, e.g. {@code NetworkDriver}. */
    String name();

    /**
     * Handles {@code /<name>.<method>} and returns the reply to encode as JSON.
     *
     * @throws UnknownMethod for a method this subsystem does not serve (answered 404)
     */
    Object handle(String method, byte[] body);

    static Subsystem volume(VolumePlugin plugin) { return new VolumeSubsystem(plugin); }

    static Subsystem network(NetworkPlugin plugin) { return new NetworkSubsystem(plugin); }

    static Subsystem ipam(IpamPlugin plugin) { return new IpamSubsystem(plugin); }
}
