package dev.berth.core.container;

import java.io.OutputStream;

/**
 * A live connection to the standard streams of a container or exec'd process ({@code docker
 * attach}, {@code docker run} without {@code -d}, {@code docker exec}).
 *
 * <p>Threading: one thread reads ({@link #read}), another may write {@link #stdin()} and call
 * {@link #resize}; {@link #close} may be called from any thread and makes a blocked
 * {@link #read} return null. Closing detaches: it never stops the process.
 */
public interface StdioSession extends AutoCloseable {

    /** The next chunk of output, blocking; null at the end (process exited, or the session closed). */
    Chunk read() throws InterruptedException;

    /** The process's stdin, or null when stdin is not attached. Closing it sends EOF to the process. */
    OutputStream stdin();

    /** Changes the terminal size of a TTY process; ignored without a TTY. */
    void resize(int width, int height);

    @Override void close();

    /** Output as it was produced; with a TTY everything arrives as {@link Stream#STDOUT}. */
    record Chunk(Stream stream, byte[] data) {}

    enum Stream { STDIN, STDOUT, STDERR }
}
