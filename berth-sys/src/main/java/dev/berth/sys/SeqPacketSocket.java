package dev.berth.sys;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

/**
 * A connected {@code AF_UNIX}/{@code SOCK_SEQPACKET} socket: reliable, ordered, and message
 * boundaries are kept (conmon's attach socket speaks in packets). The JDK only has stream sockets.
 *
 * <h2>Threading</h2>
 * One thread may {@link #receive} while another {@link #send}s. {@link #close} may come from any
 * thread: it shuts the socket down first, which wakes a blocked reader (it sees end of stream),
 * and releases the descriptor only once no call is using it, so a descriptor number is never
 * reused under a running call. Calls block in native code, which pins a virtual thread to its
 * carrier; long blocking {@link #receive}s belong on a platform thread.
 *
 * <h2>Long paths</h2>
 * {@code sun_path} holds 108 bytes, and conmon's attach socket lives in the bundle directory whose
 * path can be longer. For such paths we open the directory with {@code O_PATH} and connect to
 * {@code /proc/self/fd/<dirfd>/<name>}, which the kernel resolves like the real path (conmon binds
 * its socket the same way).
 */
public final class SeqPacketSocket implements AutoCloseable {
    private static final int AF_UNIX = 1, SOCK_SEQPACKET = 5, SOCK_CLOEXEC = 02000000;
    private static final int SHUT_WR = 1, SHUT_RDWR = 2, MSG_NOSIGNAL = 0x4000;
    private static final int SUN_PATH = 108;

    private static final MethodHandle SOCKET = Libc.function("socket",
        FunctionDescriptor.of(ValueLayout.JAVA_INT, ValueLayout.JAVA_INT, ValueLayout.JAVA_INT, ValueLayout.JAVA_INT));
    private static final MethodHandle SOCKETPAIR = Libc.function("socketpair",
        FunctionDescriptor.of(ValueLayout.JAVA_INT, ValueLayout.JAVA_INT, ValueLayout.JAVA_INT, ValueLayout.JAVA_INT, ValueLayout.ADDRESS));
    private static final MethodHandle CONNECT = Libc.function("connect",
        FunctionDescriptor.of(ValueLayout.JAVA_INT, ValueLayout.JAVA_INT, ValueLayout.ADDRESS, ValueLayout.JAVA_INT));
    private static final MethodHandle RECV = Libc.function("recv",
        FunctionDescriptor.of(ValueLayout.JAVA_LONG, ValueLayout.JAVA_INT, ValueLayout.ADDRESS, ValueLayout.JAVA_LONG, ValueLayout.JAVA_INT));
    private static final MethodHandle SEND = Libc.function("send",
        FunctionDescriptor.of(ValueLayout.JAVA_LONG, ValueLayout.JAVA_INT, ValueLayout.ADDRESS, ValueLayout.JAVA_LONG, ValueLayout.JAVA_INT));
    private static final MethodHandle SHUTDOWN = Libc.function("shutdown",
        FunctionDescriptor.of(ValueLayout.JAVA_INT, ValueLayout.JAVA_INT, ValueLayout.JAVA_INT));

    private final int fd;
    private final String name;
    private int inUse;
    private boolean closed;

    private SeqPacketSocket(int fd, String name) {
        this.fd = fd;
        this.name = name;
    }

    /** Connects to the listening socket at {@code path}. */
    public static SeqPacketSocket connect(Path path) throws ErrnoException {
        Path absolute = path.toAbsolutePath();
        int fd = socket();
        try {
            if (absolute.toString().getBytes(StandardCharsets.UTF_8).length < SUN_PATH) {
                connect(fd, absolute.toString(), path);
            } else {
                int dir = Fds.open(absolute.getParent(), Fds.O_PATH | Fds.O_DIRECTORY | Fds.O_CLOEXEC);
                try {
                    connect(fd, "/proc/self/fd/" + dir + "/" + absolute.getFileName(), path);
                } finally {
                    Fds.close(dir);
                }
            }
            return new SeqPacketSocket(fd, absolute.toString());
        } catch (ErrnoException | RuntimeException e) {
            Fds.close(fd);
            throw e;
        }
    }

    /** A connected pair, as socketpair(2): for tests and in-process plumbing. */
    public static SeqPacketSocket[] pair() throws ErrnoException {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment state = Libc.errnoState(arena);
            MemorySegment fds = arena.allocate(ValueLayout.JAVA_INT, 2);
            int rc;
            try {
                rc = (int) SOCKETPAIR.invokeExact(state, AF_UNIX, SOCK_SEQPACKET | SOCK_CLOEXEC, 0, fds);
            } catch (Throwable t) {
                throw Libc.unexpected(t);
            }
            if (rc != 0) throw new ErrnoException("socketpair", "AF_UNIX SOCK_SEQPACKET", Libc.errno(state));
            return new SeqPacketSocket[] {
                new SeqPacketSocket(fds.getAtIndex(ValueLayout.JAVA_INT, 0), "socketpair"),
                new SeqPacketSocket(fds.getAtIndex(ValueLayout.JAVA_INT, 1), "socketpair")};
        }
    }

    /**
     * Blocks for the next packet and copies it into {@code buffer}; a longer packet is truncated
     * (the rest is lost, as recv(2) does), so size the buffer for the peer's largest packet.
     *
     * @return the number of bytes copied, or -1 at the end of the stream (peer closed or shut down
     *         its writing side, or this socket was closed). A zero-length packet also reads as the
     *         end: recv(2) cannot tell them apart, and conmon treats it the same way.
     */
    public int receive(byte[] buffer) throws ErrnoException {
        if (!acquire()) return -1;
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment state = Libc.errnoState(arena);
            MemorySegment buf = arena.allocate(Math.max(1, buffer.length));
            while (true) {
                long n;
                try {
                    n = (long) RECV.invokeExact(state, fd, buf, (long) buffer.length, 0);
                } catch (Throwable t) {
                    throw Libc.unexpected(t);
                }
                if (n > 0) {
                    MemorySegment.copy(buf, ValueLayout.JAVA_BYTE, 0, buffer, 0, (int) n);
                    return (int) n;
                }
                if (n == 0) return -1;
                int errno = Libc.errno(state);
                if (errno == ErrnoException.EINTR) continue;
                if (isClosed()) return -1;
                throw new ErrnoException("recv", name, errno);
            }
        } finally {
            release();
        }
    }

    /** Sends one packet (never a SIGPIPE: a vanished peer is an EPIPE ErrnoException). */
    public void send(byte[] data, int off, int len) throws ErrnoException {
        if (!acquire()) throw new ErrnoException("send", name, ErrnoException.EBADF);
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment state = Libc.errnoState(arena);
            MemorySegment buf = arena.allocate(Math.max(1, len));
            MemorySegment.copy(data, off, buf, ValueLayout.JAVA_BYTE, 0, len);
            while (true) {
                long n;
                try {
                    n = (long) SEND.invokeExact(state, fd, buf, (long) len, MSG_NOSIGNAL);
                } catch (Throwable t) {
                    throw Libc.unexpected(t);
                }
                if (n >= 0) return;
                int errno = Libc.errno(state);
                if (errno != ErrnoException.EINTR) throw new ErrnoException("send", name, errno);
            }
        } finally {
            release();
        }
    }

    /** Half-close: the peer reads end of stream; this side can still receive. */
    public void shutdownWrite() throws ErrnoException {
        if (!acquire()) return;
        try {
            int errno = shutdown(fd, SHUT_WR);
            if (errno != 0) throw new ErrnoException("shutdown", name, errno);
        } finally {
            release();
        }
    }

    /** Shuts the socket down (waking a blocked {@link #receive}) and releases it; idempotent. */
    @Override
    public void close() {
        synchronized (this) {
            if (closed) return;
            closed = true;
            shutdown(fd, SHUT_RDWR);
            if (inUse > 0) return; // the last running call releases the descriptor
        }
        Fds.close(fd);
    }

    private synchronized boolean acquire() {
        if (closed) return false;
        inUse++;
        return true;
    }

    private void release() {
        synchronized (this) {
            if (--inUse > 0 || !closed) return;
        }
        Fds.close(fd);
    }

    private synchronized boolean isClosed() { return closed; }

    private static int socket() throws ErrnoException {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment state = Libc.errnoState(arena);
            int fd;
            try {
                fd = (int) SOCKET.invokeExact(state, AF_UNIX, SOCK_SEQPACKET | SOCK_CLOEXEC, 0);
            } catch (Throwable t) {
                throw Libc.unexpected(t);
            }
            if (fd < 0) throw new ErrnoException("socket", "AF_UNIX SOCK_SEQPACKET", Libc.errno(state));
            return fd;
        }
    }

    private static void connect(int fd, String sunPath, Path shownAs) throws ErrnoException {
        byte[] bytes = sunPath.getBytes(StandardCharsets.UTF_8);
        if (bytes.length >= SUN_PATH) throw new ErrnoException("connect", shownAs.toString(), ErrnoException.ENAMETOOLONG);
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment state = Libc.errnoState(arena);
            MemorySegment addr = arena.allocate(2 + SUN_PATH); // struct sockaddr_un, zeroed
            addr.set(ValueLayout.JAVA_SHORT, 0, (short) AF_UNIX);
            MemorySegment.copy(bytes, 0, addr, ValueLayout.JAVA_BYTE, 2, bytes.length);
            int rc;
            try {
                rc = (int) CONNECT.invokeExact(state, fd, addr, 2 + bytes.length + 1);
            } catch (Throwable t) {
                throw Libc.unexpected(t);
            }
            // no retry on EINTR: the connect goes on in the background and a second call fails
            if (rc != 0) throw new ErrnoException("connect", shownAs.toString(), Libc.errno(state));
        }
    }

    /** @return 0 or errno */
    private static int shutdown(int fd, int how) {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment state = Libc.errnoState(arena);
            int rc = (int) SHUTDOWN.invokeExact(state, fd, how);
            return rc == 0 ? 0 : Libc.errno(state);
        } catch (Throwable t) {
            throw Libc.unexpected(t);
        }
    }
}
