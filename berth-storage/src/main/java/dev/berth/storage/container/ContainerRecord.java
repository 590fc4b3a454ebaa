package dev.berth.storage.container;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import dev.berth.core.container.Container;
import dev.berth.core.container.ContainerConfig;
import dev.berth.core.container.ContainerState;
import dev.berth.core.container.HostConfig;
import dev.berth.core.image.Digest;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;

/**
 * The on-disk format of one container, version 1. Its own type so the domain can change without
 * breaking records already on disk: the state is flattened into plain fields and times are
 * RFC 3339 strings. Config and HostConfig are plain value records and are stored field by field.
 */
@JsonIgnoreProperties(ignoreUnknown = true)
record ContainerRecord(
        int version,
        String id,
        String name,
        String created,
        String path,
        List<String> args,
        ContainerConfig config,
        HostConfig hostConfig,
        String imageId,
        String status,
        int pid,
        int exitCode,
        boolean oomKilled,
        String error,
        String startedAt,
        String finishedAt,
        int restartCount,
        boolean manuallyStopped,
        String logPath) {

    static final int VERSION = 1;

    static ContainerRecord of(Container c) {
        ContainerState s = c.state();
        boolean oom = s instanceof ContainerState.Exited e && e.oomKilled();
        String error = s instanceof ContainerState.Exited e ? e.error() : "";
        return new ContainerRecord(VERSION, c.id(), c.name(), time(c.created()), c.path(), c.args(), c.config(), c.hostConfig(),
            c.imageId().toString(), s.status(), s.pid(), s.exitCode(), oom, error, time(c.startedAt()), time(c.finishedAt()),
            c.restartCount(), c.manuallyStopped(), c.logPath().toString());
    }

    Container toContainer() {
        return new Container(id, name, Instant.parse(created), path, args, config, hostConfig, Digest.parse(imageId), state(),
            instant(startedAt), instant(finishedAt), restartCount, manuallyStopped, Path.of(logPath));
    }

    private ContainerState state() {
        return switch (status) {
            case "created" -> ContainerState.CREATED;
            case "running" -> new ContainerState.Running(pid);
            case "paused" -> new ContainerState.Paused(pid);
            case "restarting" -> new ContainerState.Restarting(exitCode);
            case "exited" -> new ContainerState.Exited(exitCode, oomKilled, error);
            case "removing" -> new ContainerState.Removing();
            default -> new ContainerState.Dead();
        };
    }

    private static String time(Instant t) { return t == null ? null : t.toString(); }

    private static Instant instant(String s) { return s == null ? null : Instant.parse(s); }
}
