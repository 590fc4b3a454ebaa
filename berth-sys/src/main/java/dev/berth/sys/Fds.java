package dev.berth.sys;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;
import java.nio.file.Path;

/** Raw file descriptor calls (open, read, write, close) shared by the socket and fifo bindings. */
final class Fds {
    private Fds() {}

    static final int O_RDONLY = 0, O_WRONLY = 01, O_NONBLOCK = 04000, O_DIRECTORY = 0200000, O_CLOEXEC = 02000000, O_PATH = 010000000;
    static final int EAGAIN = 11, ENXIO = 6;

    // open(2) is variadic (the mode); the linker must know, or %al is left unset for the callee
    private static final MethodHandle OPEN = Libc.LINKER.downcallHandle(
        Libc.LINKER.defaultLookup().find("open").orElseThrow(),
        FunctionDescriptor.of(ValueLayout.JAVA_INT, ValueLayout.ADDRESS, ValueLayout.JAVA_INT, ValueLayout.JAVA_INT),
        Linker.Option.captureCallState("errno"), Linker.Option.firstVariadicArg(2));
    private static final MethodHandle WRITE = Libc.function("write",
        FunctionDescriptor.of(ValueLayout.JAVA_LONG, ValueLayout.JAVA_INT, ValueLayout.ADDRESS, ValueLayout.JAVA_LONG));
    private static final MethodHandle READ = Libc.function("read",
        FunctionDescriptor.of(ValueLayout.JAVA_LONG, ValueLayout.JAVA_INT, ValueLayout.ADDRESS, ValueLayout.JAVA_LONG));
    private static final MethodHandle CLOSE = Libc.function("close",
        FunctionDescriptor.of(ValueLayout.JAVA_INT, ValueLayout.JAVA_INT));

    static int open(Path path, int flags) throws ErrnoException {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment state = Libc.errnoState(arena);
            int fd;
            try {
                fd = (int) OPEN.invokeExact(state, Libc.cPath(arena, path), flags, 0);
            } catch (Throwable t) {
                throw Libc.unexpected(t);
            }
            if (fd < 0) throw new ErrnoException("open", path.toString(), Libc.errno(state));
            return fd;
        }
    }

    /** Writes all of {@code data}, retrying on EINTR and short writes. */
    static void writeFully(int fd, byte[] data, int off, int len, String subject) throws ErrnoException {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment state = Libc.errnoState(arena);
            MemorySegment buf = arena.allocate(Math.max(1, len));
            MemorySegment.copy(data, off, buf, ValueLayout.JAVA_BYTE, 0, len);
            long done = 0;
            while (done < len) {
                long n;
                try {
                    n = (long) WRITE.invokeExact(state, fd, buf.asSlice(done), (long) len - done);
                } catch (Throwable t) {
                    throw Libc.unexpected(t);
                }
                if (n < 0) {
                    int errno = Libc.errno(state);
                    if (errno == ErrnoException.EINTR) continue;
                    throw new ErrnoException("write", subject, errno);
                }
                done += n;
            }
        }
    }

    /** Reads up to {@code into.length} bytes: the count, 0 at end of file, -1 when a non-blocking fd has nothing yet. */
    static int read(int fd, byte[] into, String subject) throws ErrnoException {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment state = Libc.errnoState(arena);
            MemorySegment buf = arena.allocate(Math.max(1, into.length));
            while (true) {
                long n;
                try {
                    n = (long) READ.invokeExact(state, fd, buf, (long) into.length);
                } catch (Throwable t) {
                    throw Libc.unexpected(t);
                }
                if (n >= 0) {
                    MemorySegment.copy(buf, ValueLayout.JAVA_BYTE, 0, into, 0, (int) n);
                    return (int) n;
                }
                int errno = Libc.errno(state);
                if (errno == ErrnoException.EINTR) continue;
                if (errno == EAGAIN) return -1;
                throw new ErrnoException("read", subject, errno);
            }
        }
    }

    static void close(int fd) {
        try (Arena arena = Arena.ofConfined()) {
            int ignored = (int) CLOSE.invokeExact(Libc.errnoState(arena), fd);
        } catch (Throwable t) {
            throw Libc.unexpected(t);
        }
    }
}
