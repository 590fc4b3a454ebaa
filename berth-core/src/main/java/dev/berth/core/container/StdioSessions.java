package dev.berth.core.container;

/**
 * Strategy: how {@link ContainerService#attach} connects to a container's streams; the daemon
 * uses conmon's attach sockets (berth-runtime's {@code ConmonStdioSessions}).
 *
 * <p>Threading: called on request threads; implementations are thread-safe.
 */
public interface StdioSessions {

    /**
     * Opens a session on {@code container} (which may not be started yet: {@code docker run}
     * attaches first). The session's output ends once {@code lifecycle} says the process is over.
     */
    StdioSession open(Container container, ContainerService.AttachOptions options, ProcessLifecycle lifecycle);

    /**
     * The runtime created {@code container}'s process and is about to start it: sessions opened
     * before the start connect now, so they see the process's first byte of output. Called with
     * the container's lock held; must return quickly.
     */
    default void processCreated(Container container) {}

    /** Changes the terminal size of a running TTY container ({@code docker run -t}); ignored otherwise. */
    default void resize(Container container, int width, int height) {}

    /** What a session may ask the service about the container while it streams. */
    interface ProcessLifecycle {
        /** True once the process the session is attached to has ended (exited, or the container was removed). */
        boolean ended();
    }
}
