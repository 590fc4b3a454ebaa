package dev.berth.sys;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;
import java.nio.file.Path;

/**
 * Creates device nodes, fifos and overlay whiteouts with mknod(2), which the JDK cannot do.
 * Creating devices needs CAP_MKNOD; without it every call fails with EPERM.
 */
public final class SpecialFiles {
    private SpecialFiles() {}

    public static final int S_IFIFO = 0010000;
    public static final int S_IFCHR = 0020000;
    public static final int S_IFBLK = 0060000;

    private static final MethodHandle MKNOD = Libc.function("mknod",
        FunctionDescriptor.of(ValueLayout.JAVA_INT, ValueLayout.ADDRESS, ValueLayout.JAVA_INT,
            ValueLayout.JAVA_LONG));

    public static void charDevice(Path path, int permissions, int major, int minor) throws ErrnoException {
        mknod(path, S_IFCHR | (permissions & 07777), makedev(major, minor));
    }

    public static void blockDevice(Path path, int permissions, int major, int minor) throws ErrnoException {
        mknod(path, S_IFBLK | (permissions & 07777), makedev(major, minor));
    }

    public static void fifo(Path path, int permissions) throws ErrnoException {
        mknod(path, S_IFIFO | (permissions & 07777), 0);
    }

    /** An overlayfs whiteout: a character device with device number 0/0 hides the lower entry. */
    public static void whiteout(Path path) throws ErrnoException {
        mknod(path, S_IFCHR, 0);
    }

    /** Creates a node of any type; {@code mode} includes the file type bits as stat(2) reports them. */
    public static void mknod(Path path, int mode, long dev) throws ErrnoException {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment state = Libc.errnoState(arena);
            int rc;
            try {
                rc = (int) MKNOD.invokeExact(state, Libc.cPath(arena, path), mode, dev);
            } catch (Throwable t) {
                throw Libc.unexpected(t);
            }
            if (rc != 0) throw new ErrnoException("mknod", path.toString(), Libc.errno(state));
        }
    }

    /** glibc's makedev(3) for the 64-bit dev_t of Linux. */
    public static long makedev(int major, int minor) {
        long ma = major & 0xffffffffL;
        long mi = minor & 0xffffffffL;
        return ((ma & 0xfffff000L) << 32) | ((ma & 0xfffL) << 8)
            | ((mi & 0xffffff00L) << 12) | (mi & 0xffL);
    }

    public static int major(long dev) {
        return (int) (((dev >>> 32) & 0xfffff000L) | ((dev >>> 8) & 0xfffL));
    }

    public static int minor(long dev) {
        return (int) (((dev >>> 12) & 0xffffff00L) | (dev & 0xffL));
    }
}
