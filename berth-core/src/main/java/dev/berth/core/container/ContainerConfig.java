package dev.berth.core.container;

import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What the container runs, as the client asked for it (Docker's {@code Config}) after the image's
 * defaults were merged in. Null means "not set" where Docker distinguishes it.
 *
 * @param stopTimeout seconds {@code docker stop} waits before SIGKILL; null: 10
 * @param healthcheck the request's merged with the image's; null for none
 */
public record ContainerConfig(
        String hostname,
        String domainname,
        String user,
        boolean attachStdin,
        boolean attachStdout,
        boolean attachStderr,
        Set<String> exposedPorts,
        boolean tty,
        boolean openStdin,
        boolean stdinOnce,
        List<String> env,
        List<String> cmd,
        String image,
        Set<String> volumes,
        String workingDir,
        List<String> entrypoint,
        Map<String, String> labels,
        String stopSignal,
        Integer stopTimeout,
        Healthcheck healthcheck) {

    public ContainerConfig {
        env = env == null ? List.of() : List.copyOf(env);
        labels = labels == null ? Map.of() : Map.copyOf(labels);
        exposedPorts = exposedPorts == null ? Set.of() : Set.copyOf(exposedPorts);
        volumes = volumes == null ? Set.of() : Set.copyOf(volumes);
        cmd = cmd == null ? null : List.copyOf(cmd);
        entrypoint = entrypoint == null ? null : List.copyOf(entrypoint);
    }

    /** Without a healthcheck of its own (the image's applies). */
    public ContainerConfig(String hostname, String domainname, String user, boolean attachStdin, boolean attachStdout,
                           boolean attachStderr, Set<String> exposedPorts, boolean tty, boolean openStdin, boolean stdinOnce,
                           List<String> env, List<String> cmd, String image, Set<String> volumes, String workingDir,
                           List<String> entrypoint, Map<String, String> labels, String stopSignal, Integer stopTimeout) {
        this(hostname, domainname, user, attachStdin, attachStdout, attachStderr, exposedPorts, tty, openStdin, stdinOnce, env,
            cmd, image, volumes, workingDir, entrypoint, labels, stopSignal, stopTimeout, null);
    }

    /** The minimal config to run {@code cmd} in {@code image}. */
    public static ContainerConfig of(String image, List<String> cmd) {
        return new ContainerConfig(null, null, null, false, true, true, Set.of(), false, false, false, List.of(), cmd, image,
            Set.of(), null, null, Map.of(), null, null);
    }

    public ContainerConfig withImageDefaults(String hostname, List<String> env, List<String> cmd, List<String> entrypoint,
                                             String user, String workingDir, Map<String, String> labels, String stopSignal) {
        return new ContainerConfig(hostname, domainname, user, attachStdin, attachStdout, attachStderr, exposedPorts, tty,
            openStdin, stdinOnce, env, cmd, image, volumes, workingDir, entrypoint, labels, stopSignal, stopTimeout, healthcheck);
    }

    public ContainerConfig withExposedPorts(Set<String> ports) {
        return new ContainerConfig(hostname, domainname, user, attachStdin, attachStdout, attachStderr, ports, tty,
            openStdin, stdinOnce, env, cmd, image, volumes, workingDir, entrypoint, labels, stopSignal, stopTimeout, healthcheck);
    }

    public ContainerConfig withHealthcheck(Healthcheck h) {
        return new ContainerConfig(hostname, domainname, user, attachStdin, attachStdout, attachStderr, exposedPorts, tty,
            openStdin, stdinOnce, env, cmd, image, volumes, workingDir, entrypoint, labels, stopSignal, stopTimeout, h);
    }

    /** The anonymous volume destinations (the request's and the image's {@code VOLUME}s). */
    public ContainerConfig withVolumes(Set<String> v) {
        return new ContainerConfig(hostname, domainname, user, attachStdin, attachStdout, attachStderr, exposedPorts, tty,
            openStdin, stdinOnce, env, cmd, image, v, workingDir, entrypoint, labels, stopSignal, stopTimeout, healthcheck);
    }
}
