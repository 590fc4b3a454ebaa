package dev.berth.runtime;

import dev.berth.common.error.BerthException;
import dev.berth.core.container.StdioSession;
import dev.berth.sys.ErrnoException;
import dev.berth.sys.SeqPacketSocket;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Opens live {@link StdioSession}s on conmon's attach sockets: the way {@code docker attach},
 * {@code docker run} (without -d) and {@code docker exec} reach a container's streams while conmon,
 * not the daemon, stays their owner.
 *
 * <p>conmon 2.1 listens on {@code <bundle>/attach} (SOCK_SEQPACKET) and links
 * {@code <state>/sockets/<uuid>} to the bundle; next to it is the {@code ctl} FIFO for resize.
 * Protocol (checked against conmon 2.1.6 by {@code ConmonAttachTest}): each output packet is one
 * stream byte (2 stdout, 3 stderr; with a TTY everything is 2) followed by up to 8192 bytes of data;
 * input packets are plain data copied to the process's stdin (or the pty); a client that shuts
 * down its writing side closes the process's stdin unless conmon runs with
 * {@code --leave-stdin-open}; conmon closes every connection once the process has exited and its
 * output is drained. Several clients may attach at once; each sees the output from the moment it
 * connected (earlier output is only in the log), so attach before {@code start}.
 *
 * <p>Stateless: everything is found on disk under the runtime's state root, so sessions can be
 * opened again after a daemon restart.
 */
public final class ConmonAttach {
    private final ContainerDirs dirs;

    /** @param stateRoot the same state root as the {@link RuncRuntime} that created the containers */
    public ConmonAttach(Path stateRoot) {
        this.dirs = new ContainerDirs(stateRoot);
    }

    /**
     * Attaches to a container's init process. The container must have been created and not yet
     * deleted; if it already exited the session ends at once.
     *
     * @param tty   the container was created with a terminal (enables {@link StdioSession#resize})
     * @param stdin give the session a stdin stream (only useful when created with openStdin)
     * @throws BerthException.NotFound when no conmon serves the container
     * @throws BerthException.Conflict when conmon is gone (the container has stopped)
     */
    public StdioSession attach(String id, boolean tty, boolean stdin) {
        Path dir = dirs.sockets().resolve(ContainerDirs.checkId(id));
        return open(id, dir, tty, stdin);
    }

    /**
     * Attaches to an exec'd process. An exec started with {@link RuncRuntime#exec} runs at once, so
     * output it wrote before this call only reached the exec's log; {@link RuncRuntime#execAttached}
     * attaches before the process starts. The socket is in the exec's directory (conmon
     * {@code --full-attach}); {@link SeqPacketSocket#connect} copes with its long path.
     */
    public StdioSession attachExec(String id, String execId, boolean tty, boolean stdin) {
        return open(execId, dirs.exec(id, execId), tty, stdin);
    }

    /** Resizes the terminal of a container created with a TTY, without a session ({@code POST /containers/{id}/resize}). */
    public void resize(String id, int width, int height) {
        ConmonStdioSession.resize(dirs.sockets().resolve(ContainerDirs.checkId(id)).resolve("ctl"), width, height);
    }

    /** Resizes the terminal of an exec'd process ({@code POST /exec/{id}/resize}). */
    public void resizeExec(String id, String execId, int width, int height) {
        ConmonStdioSession.resize(dirs.exec(id, execId).resolve("ctl"), width, height);
    }

    private static StdioSession open(String name, Path dir, boolean tty, boolean stdin) {
        Path socket = dir.resolve("attach");
        if (!Files.exists(socket)) throw new BerthException.NotFound("No such container: " + name);
        try {
            return new ConmonStdioSession(SeqPacketSocket.connect(socket), dir.resolve("ctl"), tty, stdin, name);
        } catch (ErrnoException e) {
            // ECONNREFUSED: the socket file outlived its conmon; ENOENT: conmon removed it since the
            // check above. Either way the process has exited (the daemon may not have noticed yet).
            if (e.errno() == 111 || e.errno() == 2) throw new BerthException.Conflict("container " + name + " is not running");
            throw new BerthException.Internal("cannot attach to " + name + ": " + e.getMessage(), e);
        }
    }
}
