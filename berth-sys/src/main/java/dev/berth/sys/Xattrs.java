package dev.berth.sys;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Extended attributes on the link itself (l*xattr). The JDK's UserDefinedFileAttributeView only
 * reaches the {@code user.} namespace; layers need {@code trusted.overlay.opaque} and
 * {@code security.capability}.
 */
public final class Xattrs {
    private Xattrs() {}

    private static final MethodHandle LSETXATTR = Libc.function("lsetxattr",
        FunctionDescriptor.of(ValueLayout.JAVA_INT, ValueLayout.ADDRESS, ValueLayout.ADDRESS,
            ValueLayout.ADDRESS, ValueLayout.JAVA_LONG, ValueLayout.JAVA_INT));
    private static final MethodHandle LGETXATTR = Libc.function("lgetxattr",
        FunctionDescriptor.of(ValueLayout.JAVA_LONG, ValueLayout.ADDRESS, ValueLayout.ADDRESS,
            ValueLayout.ADDRESS, ValueLayout.JAVA_LONG));
    private static final MethodHandle LLISTXATTR = Libc.function("llistxattr",
        FunctionDescriptor.of(ValueLayout.JAVA_LONG, ValueLayout.ADDRESS, ValueLayout.ADDRESS,
            ValueLayout.JAVA_LONG));

    public static void set(Path path, String name, byte[] value) throws ErrnoException {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment state = Libc.errnoState(arena);
            MemorySegment v = value.length == 0 ? arena.allocate(1) : arena.allocateFrom(ValueLayout.JAVA_BYTE, value);
            int rc;
            try {
                rc = (int) LSETXATTR.invokeExact(state, Libc.cPath(arena, path), Libc.cString(arena, name), v,
                    (long) value.length, 0);
            } catch (Throwable t) {
                throw Libc.unexpected(t);
            }
            if (rc != 0) throw new ErrnoException("lsetxattr " + name, path.toString(), Libc.errno(state));
        }
    }

    /** The attribute's value, or empty when the file does not have it (ENODATA). */
    public static Optional<byte[]> get(Path path, String name) throws ErrnoException {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment state = Libc.errnoState(arena);
            MemorySegment cpath = Libc.cPath(arena, path);
            MemorySegment cname = Libc.cString(arena, name);
            // Ask for the size first; retry if the value grew between the two calls (ERANGE).
            for (int attempt = 0; attempt < 5; attempt++) {
                long size = call(LGETXATTR, state, cpath, cname, MemorySegment.NULL, 0);
                if (size < 0) {
                    int errno = Libc.errno(state);
                    if (errno == ErrnoException.ENODATA) return Optional.empty();
                    throw new ErrnoException("lgetxattr " + name, path.toString(), errno);
                }
                MemorySegment buf = arena.allocate(Math.max(1, size));
                long got = call(LGETXATTR, state, cpath, cname, buf, size);
                if (got >= 0) return Optional.of(buf.asSlice(0, got).toArray(ValueLayout.JAVA_BYTE));
                int errno = Libc.errno(state);
                if (errno == ErrnoException.ENODATA) return Optional.empty();
                if (errno != ErrnoException.ERANGE) throw new ErrnoException("lgetxattr " + name, path.toString(), errno);
            }
            throw new ErrnoException("lgetxattr " + name, path.toString(), ErrnoException.ERANGE);
        }
    }

    /** Names of all attributes of the link itself. */
    public static List<String> list(Path path) throws ErrnoException {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment state = Libc.errnoState(arena);
            MemorySegment cpath = Libc.cPath(arena, path);
            for (int attempt = 0; attempt < 5; attempt++) {
                long size = list(state, cpath, MemorySegment.NULL, 0);
                if (size < 0) throw new ErrnoException("llistxattr", path.toString(), Libc.errno(state));
                if (size == 0) return List.of();
                MemorySegment buf = arena.allocate(size);
                long got = list(state, cpath, buf, size);
                if (got < 0) {
                    int errno = Libc.errno(state);
                    if (errno == ErrnoException.ERANGE) continue;
                    throw new ErrnoException("llistxattr", path.toString(), errno);
                }
                return splitNames(buf.asSlice(0, got).toArray(ValueLayout.JAVA_BYTE));
            }
            throw new ErrnoException("llistxattr", path.toString(), ErrnoException.ERANGE);
        }
    }

    private static List<String> splitNames(byte[] raw) {
        List<String> names = new ArrayList<>();
        int start = 0;
        for (int i = 0; i < raw.length; i++) {
            if (raw[i] == 0) {
                if (i > start) names.add(new String(raw, start, i - start, StandardCharsets.UTF_8));
                start = i + 1;
            }
        }
        return names;
    }

    private static long call(MethodHandle h, MemorySegment state, MemorySegment path, MemorySegment name,
                             MemorySegment buf, long size) {
        try {
            return (long) h.invokeExact(state, path, name, buf, size);
        } catch (Throwable t) {
            throw Libc.unexpected(t);
        }
    }

    private static long list(MemorySegment state, MemorySegment path, MemorySegment buf, long size) {
        try {
            return (long) LLISTXATTR.invokeExact(state, path, buf, size);
        } catch (Throwable t) {
            throw Libc.unexpected(t);
        }
    }
}
