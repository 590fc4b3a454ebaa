package dev.berth.sys;

import java.nio.file.Path;

/**
 * Writes messages into a FIFO somebody else reads (conmon's {@code ctl} pipe). The JDK opens
 * FIFOs blocking, which hangs forever when the reader is gone; here the open is non-blocking and
 * fails with ENXIO instead.
 */
public final class Fifo {
    private Fifo() {}

    /**
     * Opens {@code path} for writing without waiting for a reader, writes {@code message} and
     * closes it. A message up to PIPE_BUF (4096) bytes arrives in one piece.
     *
     * @throws ErrnoException ENXIO when nobody has the FIFO open for reading, EAGAIN when the pipe is full
     */
    public static void write(Path path, byte[] message) throws ErrnoException {
        int fd = Fds.open(path, Fds.O_WRONLY | Fds.O_NONBLOCK | Fds.O_CLOEXEC);
        try {
            Fds.writeFully(fd, message, 0, message.length, path.toString());
        } finally {
            Fds.close(fd);
        }
    }
}
