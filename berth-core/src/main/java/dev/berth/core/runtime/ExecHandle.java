package dev.berth.core.runtime;

import dev.berth.core.container.StdioSession;

/**
 * An exec started with {@link OciRuntime#execAttached}: its state right after start and a session
 * that was connected before the process ran, so it sees every byte of output.
 *
 * @param state   Running with the exec's pid, or Stopped if it finished already
 * @param session the exec's streams; it ends when the process has exited and its output is drained.
 *                The caller owns it and must close it.
 */
public record ExecHandle(ContainerProcessState state, StdioSession session) {}
