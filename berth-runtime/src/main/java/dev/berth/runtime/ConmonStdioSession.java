package dev.berth.runtime;

import dev.berth.core.container.StdioSession;
import dev.berth.sys.ErrnoException;
import dev.berth.sys.Fifo;
import dev.berth.sys.SeqPacketSocket;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One connection to a conmon attach socket (see {@link ConmonAttach} for the protocol).
 *
 * <p>A platform thread reads the socket: receive blocks in native code, which would pin a virtual
 * thread's carrier (two attach sessions could then stall every virtual thread on a two-core host).
 * It hands chunks to {@link #read} through a small bounded queue, so a slow client slows this
 * reader, and conmon, rather than filling memory.
 */
final class ConmonStdioSession implements StdioSession {
    private static final Logger LOG = LoggerFactory.getLogger(ConmonStdioSession.class);
    /** conmon's STDIO_BUF_SIZE plus the stream byte; a larger receive buffer costs nothing. */
    private static final int PACKET = 32 * 1024 + 1;
    /** conmon reads input in 32 KiB packets; a longer one would be truncated, so split it. */
    private static final int INPUT_PACKET = 8192;
    private static final Chunk END = new Chunk(Stream.STDOUT, new byte[0]);
    private static final int CONMON_STDOUT = 2, CONMON_STDERR = 3;
    private static final int WINDOW_RESIZE = 1;

    private final SeqPacketSocket socket;
    private final Path ctl;
    private final boolean tty;
    private final OutputStream stdin;
    private final BlockingQueue<Chunk> chunks = new ArrayBlockingQueue<>(64);
    private volatile boolean closed;
    private boolean ended;

    ConmonStdioSession(SeqPacketSocket socket, Path ctl, boolean tty, boolean withStdin, String name) {
        this.socket = socket;
        this.ctl = ctl;
        this.tty = tty;
        this.stdin = withStdin ? new Stdin() : null;
        Thread.ofPlatform().daemon().name("attach-" + name).start(this::pump);
    }

    private void pump() {
        byte[] buf = new byte[PACKET];
        try {
            while (true) {
                int n = socket.receive(buf);
                if (n < 0) break;
                if (n < 2) continue;
                Stream stream = switch (buf[0]) {
                    case CONMON_STDOUT -> Stream.STDOUT;
                    case CONMON_STDERR -> tty ? Stream.STDOUT : Stream.STDERR;
                    default -> null;
                };
                if (stream == null) continue;
                if (!offer(new Chunk(stream, Arrays.copyOfRange(buf, 1, n)))) break;
            }
        } catch (ErrnoException e) {
            if (!closed) LOG.debug("attach socket failed: {}", e.getMessage());
        } finally {
            offerEnd();
        }
    }

    /** Waits for room in the queue; false once the session is closed. */
    private boolean offer(Chunk c) {
        try {
            while (!closed) {
                if (chunks.offer(c, 100, java.util.concurrent.TimeUnit.MILLISECONDS)) return true;
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return false;
    }

    /** Queues the end after the output still unread; a closed session drops that output instead. */
    private void offerEnd() {
        if (offer(END)) return;
        chunks.clear();
        chunks.offer(END);
    }

    @Override
    public Chunk read() throws InterruptedException {
        if (ended) return null;
        Chunk c = chunks.take();
        if (c == END) {
            ended = true;
            chunks.offer(END); // for any other reader
            return null;
        }
        return c;
    }

    @Override
    public OutputStream stdin() { return stdin; }

    /** conmon's ctl protocol: "&lt;type&gt; &lt;height&gt; &lt;width&gt;\n", type 1 is a window resize. */
    @Override
    public void resize(int width, int height) {
        if (!tty || closed) return;
        resize(ctl, width, height);
    }

    /** Writes a window-size change to a conmon ctl FIFO; quiet when conmon is gone. */
    static void resize(Path ctl, int width, int height) {
        if (width <= 0 || height <= 0) return;
        try {
            Fifo.write(ctl, (WINDOW_RESIZE + " " + height + " " + width + "\n").getBytes(StandardCharsets.US_ASCII));
        } catch (ErrnoException e) {
            LOG.debug("resize failed (conmon gone?): {}", e.getMessage());
        }
    }

    /** Detaches: conmon drops this connection and the process runs on. */
    @Override
    public void close() {
        closed = true;
        socket.close();
        chunks.clear();
        chunks.offer(END);
    }

    private final class Stdin extends OutputStream {
        @Override public void write(int b) throws IOException {
            write(new byte[] {(byte) b}, 0, 1);
        }

        @Override public void write(byte[] b, int off, int len) throws IOException {
            for (int done = 0; done < len; done += INPUT_PACKET) {
                socket.send(b, off + done, Math.min(INPUT_PACKET, len - done));
            }
        }

        /** EOF for the process (unless conmon was told to leave stdin open). */
        @Override public void close() throws IOException {
            socket.shutdownWrite();
        }
    }
}
