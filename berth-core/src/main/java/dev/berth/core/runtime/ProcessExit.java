package dev.berth.core.runtime;

import java.util.Objects;

/**
 * A supervised process has exited: a container's init ({@code execId == null}) or an exec in it.
 * Ask {@link OciRuntime#state} or {@link OciRuntime#execState} for the exit code.
 */
public record ProcessExit(String containerId, String execId) {
    public ProcessExit {
        Objects.requireNonNull(containerId, "containerId");
    }

    public static ProcessExit container(String id) { return new ProcessExit(id, null); }

    public static ProcessExit exec(String id, String execId) { return new ProcessExit(id, Objects.requireNonNull(execId)); }

    public boolean isExec() { return execId != null; }
}
