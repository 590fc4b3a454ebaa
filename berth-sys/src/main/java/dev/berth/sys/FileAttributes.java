package dev.berth.sys;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;
import java.nio.file.Path;
import java.time.Instant;

/**
 * Ownership, full mode bits and timestamps the JDK cannot set: PosixFilePermissions has no
 * setuid/setgid/sticky, and the JDK cannot change a symlink's own owner or times.
 */
public final class FileAttributes {
    private FileAttributes() {}

    private static final MethodHandle CHMOD = Libc.function("chmod",
        FunctionDescriptor.of(ValueLayout.JAVA_INT, ValueLayout.ADDRESS, ValueLayout.JAVA_INT));
    private static final MethodHandle LCHOWN = Libc.function("lchown",
        FunctionDescriptor.of(ValueLayout.JAVA_INT, ValueLayout.ADDRESS, ValueLayout.JAVA_INT, ValueLayout.JAVA_INT));
    private static final MethodHandle UTIMENSAT = Libc.function("utimensat",
        FunctionDescriptor.of(ValueLayout.JAVA_INT, ValueLayout.JAVA_INT, ValueLayout.ADDRESS,
            ValueLayout.ADDRESS, ValueLayout.JAVA_INT));

    /** chmod(2) with all 12 permission bits (07777). Follows symlinks, as chmod always does. */
    public static void chmod(Path path, int mode) throws ErrnoException {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment state = Libc.errnoState(arena);
            int rc;
            try {
                rc = (int) CHMOD.invokeExact(state, Libc.cPath(arena, path), mode & 07777);
            } catch (Throwable t) {
                throw Libc.unexpected(t);
            }
            if (rc != 0) throw new ErrnoException("chmod", path.toString(), Libc.errno(state));
        }
    }

    /** lchown(2): changes the owner of the link itself, never its target. */
    public static void lchown(Path path, long uid, long gid) throws ErrnoException {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment state = Libc.errnoState(arena);
            int rc;
            try {
                rc = (int) LCHOWN.invokeExact(state, Libc.cPath(arena, path), (int) uid, (int) gid);
            } catch (Throwable t) {
                throw Libc.unexpected(t);
            }
            if (rc != 0) throw new ErrnoException("lchown", path.toString(), Libc.errno(state));
        }
    }

    /** Sets access and modification times without following a final symlink. */
    public static void setTimesNoFollow(Path path, Instant atime, Instant mtime) throws ErrnoException {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment times = arena.allocate(ValueLayout.JAVA_LONG, 4);
            times.setAtIndex(ValueLayout.JAVA_LONG, 0, atime.getEpochSecond());
            times.setAtIndex(ValueLayout.JAVA_LONG, 1, atime.getNano());
            times.setAtIndex(ValueLayout.JAVA_LONG, 2, mtime.getEpochSecond());
            times.setAtIndex(ValueLayout.JAVA_LONG, 3, mtime.getNano());
            MemorySegment state = Libc.errnoState(arena);
            int rc;
            try {
                rc = (int) UTIMENSAT.invokeExact(state, Libc.AT_FDCWD, Libc.cPath(arena, path), times,
                    Libc.AT_SYMLINK_NOFOLLOW);
            } catch (Throwable t) {
                throw Libc.unexpected(t);
            }
            if (rc != 0) throw new ErrnoException("utimensat", path.toString(), Libc.errno(state));
        }
    }
}
