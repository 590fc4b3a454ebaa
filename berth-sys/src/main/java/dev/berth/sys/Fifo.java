package dev.berth.sys;

import java.nio.file.Path;

/**
 * Writes messages into a FIFO somebody else reads (conmon's {@code ctl} pipe), and reads one that
 * somebody else writes (runc's {@code exec.fifo}). The JDK opens FIFOs blocking, which hangs
 * forever when the other side is gone; here the opens are non-blocking.
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

    /**
     * Opens {@code path} for reading without waiting for a writer. Opening it completes a writer's
     * blocking open on the other side.
     */
    public static Reader openReader(Path path) throws ErrnoException {
        return new Reader(Fds.open(path, Fds.O_RDONLY | Fds.O_NONBLOCK | Fds.O_CLOEXEC), path.toString());
    }

    /** The reading end from {@link #openReader}. */
    public static final class Reader implements AutoCloseable {
        private final int fd;
        private final String subject;
        private final byte[] one = new byte[1];

        private Reader(int fd, String subject) {
            this.fd = fd;
            this.subject = subject;
        }

        /** One byte if a writer has written one, else -1 at once (no writer yet, none left, or nothing written). */
        public int poll() throws ErrnoException {
            return Fds.read(fd, one, subject) == 1 ? one[0] & 0xff : -1;
        }

        @Override
        public void close() { Fds.close(fd); }
    }
}
