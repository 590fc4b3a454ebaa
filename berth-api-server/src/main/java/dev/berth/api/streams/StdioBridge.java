package dev.berth.api.streams;

import dev.berth.api.http.HijackedConnection;
import dev.berth.core.container.StdioSession;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Joins a hijacked client connection to a process's {@link StdioSession}: what attach and exec
 * start do once they have answered 101. Output is raw with a TTY and multiplexed
 * ({@link MultiplexedWriter}) without; stdin goes to the process unframed in both cases.
 */
public final class StdioBridge {
    private static final Logger LOG = LoggerFactory.getLogger(StdioBridge.class);
    public static final String RAW_STREAM = "application/vnd.docker.raw-stream";
    public static final String MULTIPLEXED_STREAM = "application/vnd.docker.multiplexed-stream";

    /** How a bridged session ended. */
    public enum Outcome {
        /** The process exited (or its output closed); the client got end of stream. */
        ENDED,
        /** The client typed the detach keys; the process runs on. */
        DETACHED,
        /** The client went away; the process runs on. */
        CLIENT_GONE
    }

    private StdioBridge() {}

    /** The Content-Type of the 101 answer, as dockerd: multiplexed is announced from API 1.42 on. */
    public static String contentType(boolean tty, boolean apiAtLeast142) {
        return !tty && apiAtLeast142 ? MULTIPLEXED_STREAM : RAW_STREAM;
    }

    /**
     * Copies until the process ends, the client detaches or the client goes away, then closes the
     * session (a detach: the process is not stopped) and the connection. Blocks the calling thread,
     * which copies output; a virtual thread copies input. Returns once both are done.
     *
     * <p>Input: with {@code stdin} and a session that has a stdin stream, client bytes go to the
     * process, minus the {@code keys} sequence, which detaches; the client's end of stream (it
     * half-closed) closes the process's stdin. Without, client bytes are read and dropped, which is
     * how a vanished client is noticed. Output: the streams not asked for are dropped; when the
     * process ends the connection is half-closed first so the client reads everything and an
     * orderly end of stream.
     */
    public static Outcome pump(StdioSession session, HijackedConnection conn, boolean tty, boolean stdin,
                               boolean stdout, boolean stderr, DetachKeys keys) {
        AtomicReference<Outcome> outcome = new AtomicReference<>();
        OutputStream processIn = stdin ? session.stdin() : null;
        Thread input = Thread.ofVirtual().name("stdio-in").start(() -> copyInput(session, conn, processIn, keys, outcome));
        try {
            copyOutput(session, conn, tty, stdout, stderr);
        } catch (IOException e) {
            outcome.compareAndSet(null, Outcome.CLIENT_GONE);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            outcome.compareAndSet(null, Outcome.CLIENT_GONE);
        } finally {
            session.close();
        }
        outcome.compareAndSet(null, Outcome.ENDED);
        if (outcome.get() == Outcome.ENDED) conn.closeWrite();
        conn.close(); // wakes the input copier with an error, which it ignores: the outcome is set
        try {
            input.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return outcome.get();
    }

    private static void copyOutput(StdioSession session, HijackedConnection conn, boolean tty, boolean stdout,
                                   boolean stderr) throws IOException, InterruptedException {
        MultiplexedWriter mux = new MultiplexedWriter(conn.out());
        for (StdioSession.Chunk c = session.read(); c != null; c = session.read()) {
            boolean wanted = c.stream() == StdioSession.Stream.STDERR ? stderr : stdout;
            if (!wanted) continue;
            if (tty) conn.out().write(c.data());
            else mux.write(c.stream(), c.data());
        }
    }

    private static void copyInput(StdioSession session, HijackedConnection conn, OutputStream processIn,
                                  DetachKeys keys, AtomicReference<Outcome> outcome) {
        byte[] buf = new byte[32 * 1024];
        byte[] passed = new byte[buf.length + keys.bytes().length];
        DetachKeys.Matcher matcher = keys.matcher();
        OutputStream target = processIn;
        InputStream in = conn.in();
        while (true) {
            int n;
            try {
                n = in.read(buf);
            } catch (IOException e) {
                // the client is gone; stop the session so the output copier ends too
                if (outcome.compareAndSet(null, Outcome.CLIENT_GONE)) session.close();
                return;
            }
            if (n < 0) break;
            if (target == null) continue; // nothing to feed: read only to notice the client leaving
            int m = matcher.filter(buf, 0, n, passed);
            try {
                if (m > 0) {
                    target.write(passed, 0, m);
                    target.flush();
                }
            } catch (IOException e) {
                LOG.debug("process stdin closed: {}", e.getMessage());
                target = null; // the process is going away; keep reading so a vanished client is seen
            }
            if (matcher.detached()) {
                if (outcome.compareAndSet(null, Outcome.DETACHED)) session.close();
                return;
            }
        }
        if (target != null) {
            try {
                target.close(); // the client's end of input is the process's
            } catch (IOException e) {
                LOG.debug("closing process stdin: {}", e.getMessage());
            }
        }
        // docker run without -i half-closes at once; after that the kernel tells nobody reading that
        // the client is gone, so the next failing output write notices and closes the connection
        try {
            conn.awaitClosed();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (outcome.compareAndSet(null, Outcome.CLIENT_GONE)) session.close();
    }
}
