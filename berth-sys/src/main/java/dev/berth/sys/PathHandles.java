package dev.berth.sys;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;
import java.nio.file.Path;

/**
 * O_PATH file descriptors for directories. A mount option can then name a directory as
 * {@code /proc/self/fd/N}, a short path whatever the real one is: overlay's lowerdir list must fit
 * in one page, which long absolute layer paths overflow at a few dozen layers.
 */
public final class PathHandles {
    private PathHandles() {}

    private static final int O_DIRECTORY = 0200000, O_NOFOLLOW = 0400000, O_CLOEXEC = 02000000, O_PATH = 010000000;

    private static final MethodHandle OPEN = Libc.function("open",
        FunctionDescriptor.of(ValueLayout.JAVA_INT, ValueLayout.ADDRESS, ValueLayout.JAVA_INT));
    private static final MethodHandle CLOSE = Libc.function("close",
        FunctionDescriptor.of(ValueLayout.JAVA_INT, ValueLayout.JAVA_INT));

    /** Opens {@code dir} (not following a final symlink) as an O_PATH descriptor; close it with {@link #close}. */
    public static int openDirectory(Path dir) throws ErrnoException {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment state = Libc.errnoState(arena);
            int fd;
            try {
                fd = (int) OPEN.invokeExact(state, Libc.cPath(arena, dir), O_PATH | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
            } catch (Throwable t) {
                throw Libc.unexpected(t);
            }
            if (fd < 0) throw new ErrnoException("open", dir.toString(), Libc.errno(state));
            return fd;
        }
    }

    public static void close(int fd) throws ErrnoException {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment state = Libc.errnoState(arena);
            int rc;
            try {
                rc = (int) CLOSE.invokeExact(state, fd);
            } catch (Throwable t) {
                throw Libc.unexpected(t);
            }
            if (rc != 0) throw new ErrnoException("close", "fd " + fd, Libc.errno(state));
        }
    }

    /** The path through which the kernel resolves {@code fd} to the directory it was opened on. */
    public static Path procPath(int fd) {
        return Path.of("/proc/self/fd/" + fd);
    }
}
