package dev.berth.core.image;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The runtime defaults an image carries (the {@code config} object of an OCI image config).
 * Null means "not set", which matters: Docker distinguishes an absent Cmd from an empty one.
 */
public record ImageConfig(
        String hostname,
        String domainname,
        String user,
        Set<String> exposedPorts,
        List<String> env,
        List<String> cmd,
        Healthcheck healthcheck,
        Boolean argsEscaped,
        Set<String> volumes,
        String workingDir,
        List<String> entrypoint,
        List<String> onBuild,
        Map<String, String> labels,
        String stopSignal,
        Duration stopTimeout,
        List<String> shell) {

    public static final ImageConfig EMPTY = new ImageConfig(
        null, null, null, null, null, null, null, null, null, null, null, null, null, null, null, null);

    /** A HEALTHCHECK: {@code test} as Docker stores it ({@code ["CMD-SHELL", "…"]}, {@code ["NONE"]}). */
    public record Healthcheck(List<String> test, Duration interval, Duration timeout,
                              Duration startPeriod, Duration startInterval, Integer retries) {}

    public ImageConfig withCmd(List<String> v) { return new ImageConfig(hostname, domainname, user, exposedPorts, env, v, healthcheck, argsEscaped, volumes, workingDir, entrypoint, onBuild, labels, stopSignal, stopTimeout, shell); }
    public ImageConfig withEntrypoint(List<String> v) { return new ImageConfig(hostname, domainname, user, exposedPorts, env, cmd, healthcheck, argsEscaped, volumes, workingDir, v, onBuild, labels, stopSignal, stopTimeout, shell); }
    public ImageConfig withEnv(List<String> v) { return new ImageConfig(hostname, domainname, user, exposedPorts, v, cmd, healthcheck, argsEscaped, volumes, workingDir, entrypoint, onBuild, labels, stopSignal, stopTimeout, shell); }
    public ImageConfig withUser(String v) { return new ImageConfig(hostname, domainname, v, exposedPorts, env, cmd, healthcheck, argsEscaped, volumes, workingDir, entrypoint, onBuild, labels, stopSignal, stopTimeout, shell); }
    public ImageConfig withWorkingDir(String v) { return new ImageConfig(hostname, domainname, user, exposedPorts, env, cmd, healthcheck, argsEscaped, volumes, v, entrypoint, onBuild, labels, stopSignal, stopTimeout, shell); }
    public ImageConfig withExposedPorts(Set<String> v) { return new ImageConfig(hostname, domainname, user, v, env, cmd, healthcheck, argsEscaped, volumes, workingDir, entrypoint, onBuild, labels, stopSignal, stopTimeout, shell); }
    public ImageConfig withVolumes(Set<String> v) { return new ImageConfig(hostname, domainname, user, exposedPorts, env, cmd, healthcheck, argsEscaped, v, workingDir, entrypoint, onBuild, labels, stopSignal, stopTimeout, shell); }
    public ImageConfig withLabels(Map<String, String> v) { return new ImageConfig(hostname, domainname, user, exposedPorts, env, cmd, healthcheck, argsEscaped, volumes, workingDir, entrypoint, onBuild, v, stopSignal, stopTimeout, shell); }
    public ImageConfig withOnBuild(List<String> v) { return new ImageConfig(hostname, domainname, user, exposedPorts, env, cmd, healthcheck, argsEscaped, volumes, workingDir, entrypoint, v, labels, stopSignal, stopTimeout, shell); }
    public ImageConfig withStopSignal(String v) { return new ImageConfig(hostname, domainname, user, exposedPorts, env, cmd, healthcheck, argsEscaped, volumes, workingDir, entrypoint, onBuild, labels, v, stopTimeout, shell); }
    public ImageConfig withHealthcheck(Healthcheck v) { return new ImageConfig(hostname, domainname, user, exposedPorts, env, cmd, v, argsEscaped, volumes, workingDir, entrypoint, onBuild, labels, stopSignal, stopTimeout, shell); }
    public ImageConfig withShell(List<String> v) { return new ImageConfig(hostname, domainname, user, exposedPorts, env, cmd, healthcheck, argsEscaped, volumes, workingDir, entrypoint, onBuild, labels, stopSignal, stopTimeout, v); }
}
