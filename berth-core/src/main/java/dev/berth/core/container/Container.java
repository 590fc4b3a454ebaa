package dev.berth.core.container;

import dev.berth.core.image.Digest;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;

/**
 * One container as the engine knows it: identity, what it runs, and its current state. Immutable;
 * {@link ContainerTransitions} makes the next version.
 *
 * @param id              64 lower-case hex digits
 * @param name            with Docker's leading slash ({@code /web})
 * @param path            the executable (argv[0]) after entrypoint/cmd resolution
 * @param args            the remaining argv
 * @param imageId         the image's config digest
 * @param startedAt       last start (null: never started)
 * @param finishedAt      last exit (null: never exited)
 * @param manuallyStopped stopped by the user: restart policies stay quiet until the next start
 * @param logPath         conmon's log file
 */
public record Container(
        String id,
        String name,
        Instant created,
        String path,
        List<String> args,
        ContainerConfig config,
        HostConfig hostConfig,
        Digest imageId,
        ContainerState state,
        Instant startedAt,
        Instant finishedAt,
        int restartCount,
        boolean manuallyStopped,
        Path logPath) {

    public Container {
        args = List.copyOf(args);
    }

    public String shortId() { return id.substring(0, 12); }

    /** The name without its leading slash, as events and {@code docker ps} show it. */
    public String bareName() { return name.startsWith("/") ? name.substring(1) : name; }

    public Container withState(ContainerState s) { return new Container(id, name, created, path, args, config, hostConfig, imageId, s, startedAt, finishedAt, restartCount, manuallyStopped, logPath); }
    public Container withName(String n) { return new Container(id, n, created, path, args, config, hostConfig, imageId, state, startedAt, finishedAt, restartCount, manuallyStopped, logPath); }
    public Container withHostConfig(HostConfig h) { return new Container(id, name, created, path, args, config, h, imageId, state, startedAt, finishedAt, restartCount, manuallyStopped, logPath); }
    Container withStartedAt(Instant t) { return new Container(id, name, created, path, args, config, hostConfig, imageId, state, t, finishedAt, restartCount, manuallyStopped, logPath); }
    Container withFinishedAt(Instant t) { return new Container(id, name, created, path, args, config, hostConfig, imageId, state, startedAt, t, restartCount, manuallyStopped, logPath); }
    Container withRestartCount(int n) { return new Container(id, name, created, path, args, config, hostConfig, imageId, state, startedAt, finishedAt, n, manuallyStopped, logPath); }
    Container withManuallyStopped(boolean m) { return new Container(id, name, created, path, args, config, hostConfig, imageId, state, startedAt, finishedAt, restartCount, m, logPath); }
}
