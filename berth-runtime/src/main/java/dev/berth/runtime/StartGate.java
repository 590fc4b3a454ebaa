package dev.berth.runtime;

import dev.berth.common.error.BerthException;
import dev.berth.sys.SpecialFiles;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.time.Duration;

/**
 * Our end of conmon's {@code _OCI_STARTPIPE} for an attached exec: a FIFO in the exec's directory
 * that we hold open read-write (so neither our open nor the wrapper's read-only open blocks, see
 * {@link Conmon}). Each {@link #write} releases one blocking read in conmon: the first lets it
 * daemonize, the second ({@link #open}) lets runc start the process.
 *
 * <p>Not thread-safe; used by the one thread that starts the exec.
 */
final class StartGate implements AutoCloseable {
    private final ContainerDirs.Process files;
    private final RandomAccessFile fifo;
    private boolean opened;

    private StartGate(ContainerDirs.Process files, RandomAccessFile fifo) {
        this.files = files;
        this.fifo = fifo;
    }

    static StartGate create(ContainerDirs.Process files) {
        try {
            Files.deleteIfExists(files.startFifo());
            SpecialFiles.fifo(files.startFifo(), 0600);
            return new StartGate(files, new RandomAccessFile(files.startFifo().toFile(), "rw"));
        } catch (IOException e) {
            throw new BerthException.Internal("cannot create start fifo in " + files.dir() + ": " + e.getMessage(), e);
        }
    }

    /** Releases one read of conmon's. */
    void write() {
        try {
            fifo.write('1');
        } catch (IOException e) {
            throw new BerthException.Internal("cannot signal conmon through " + files.startFifo() + ": " + e.getMessage(), e);
        }
    }

    /** Lets the process start; conmon is attached by now. */
    void open() {
        write();
        opened = true;
        closeFifo();
    }

    /**
     * After {@link #open}: only releases the FIFO. Before: the exec must not run without its
     * session, so conmon (still waiting on the gate) is killed rather than released.
     */
    @Override
    public void close() {
        if (!opened) Conmon.stop(files, Duration.ZERO);
        closeFifo();
    }

    private void closeFifo() {
        try {
            fifo.close();
            Files.deleteIfExists(files.startFifo());
        } catch (IOException e) {
            // only a leftover FIFO in a directory removed with the exec
        }
    }
}
