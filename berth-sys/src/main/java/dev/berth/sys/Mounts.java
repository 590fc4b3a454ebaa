package dev.berth.sys;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;
import java.nio.file.Path;

/** mount(2) and umount2(2). Callers own what they mount and must unmount it in a finally. */
public final class Mounts {
    private Mounts() {}

    public static final long MS_RDONLY = 1, MS_NOSUID = 2, MS_NODEV = 4, MS_NOEXEC = 8,
        MS_REMOUNT = 32, MS_BIND = 4096, MS_MOVE = 8192, MS_REC = 16384, MS_PRIVATE = 1 << 18,
        MS_SLAVE = 1 << 19, MS_SHARED = 1 << 20;
    public static final int MNT_FORCE = 1, MNT_DETACH = 2, UMOUNT_NOFOLLOW = 8;

    private static final MethodHandle MOUNT = Libc.function("mount",
        FunctionDescriptor.of(ValueLayout.JAVA_INT, ValueLayout.ADDRESS, ValueLayout.ADDRESS,
            ValueLayout.ADDRESS, ValueLayout.JAVA_LONG, ValueLayout.ADDRESS));
    private static final MethodHandle UMOUNT2 = Libc.function("umount2",
        FunctionDescriptor.of(ValueLayout.JAVA_INT, ValueLayout.ADDRESS, ValueLayout.JAVA_INT));

    /** mount(2); {@code source}, {@code fstype} and {@code data} may be null. */
    public static void mount(String source, Path target, String fstype, long flags, String data) throws ErrnoException {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment state = Libc.errnoState(arena);
            int rc;
            try {
                rc = (int) MOUNT.invokeExact(state, orNull(arena, source), Libc.cPath(arena, target),
                    orNull(arena, fstype), flags, orNull(arena, data));
            } catch (Throwable t) {
                throw Libc.unexpected(t);
            }
            if (rc != 0) {
                String what = (fstype == null ? "" : fstype + " ") + (source == null ? "" : source + " on ") + target;
                throw new ErrnoException("mount", what, Libc.errno(state));
            }
        }
    }

    public static void unmount(Path target, int flags) throws ErrnoException {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment state = Libc.errnoState(arena);
            int rc;
            try {
                rc = (int) UMOUNT2.invokeExact(state, Libc.cPath(arena, target), flags);
            } catch (Throwable t) {
                throw Libc.unexpected(t);
            }
            if (rc != 0) throw new ErrnoException("umount2", target.toString(), Libc.errno(state));
        }
    }

    private static MemorySegment orNull(Arena arena, String s) {
        return s == null ? MemorySegment.NULL : Libc.cString(arena, s);
    }
}
