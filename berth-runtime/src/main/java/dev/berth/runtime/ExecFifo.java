package dev.berth.runtime;

import dev.berth.sys.Fifo;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;

/**
 * Starts a created runc container as {@code runc start} does, without that command's ~8 ms exec
 * on the path of every container start. runc's init waits in a blocking open of
 * {@code <runc root>/<id>/exec.fifo} for writing; once a reader has it open, init writes one byte
 * and execs the container's process. {@code runc start} reads that byte and removes the FIFO, whose
 * absence is what makes runc report the container as running from then on.
 *
 * <p>Anything unexpected is left to {@code runc start}, so that runc reports it in its own words:
 * no FIFO (not created, already started, or a runtime with another layout), or an init that died
 * before writing.
 */
final class ExecFifo {
    private static final Duration POLL = Duration.ofNanos(250_000);

    private ExecFifo() {}

    /** @return true when the process was released; false when {@code runc start} should do it */
    static boolean release(Path fifo, Path initPidFile, Duration timeout) {
        Optional<Integer> initPid = ProcFs.readPid(initPidFile);
        if (initPid.isEmpty() || !Files.exists(fifo)) return false;
        long deadline = System.nanoTime() + timeout.toNanos();
        try (Fifo.Reader reader = Fifo.openReader(fifo)) {
            while (System.nanoTime() < deadline) {
                if (released(reader, fifo)) return true;
                // a quick process may have written, run and exited since that poll: its byte is still in the pipe
                if (!ProcFs.alive(initPid.get())) return released(reader, fifo);
                Thread.sleep(POLL);
            }
            return released(reader, fifo);
        } catch (IOException e) { // ErrnoException too: leave it to runc
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private static boolean released(Fifo.Reader reader, Path fifo) throws IOException {
        if (reader.poll() < 0) return false;
        Files.deleteIfExists(fifo);
        return true;
    }
}
