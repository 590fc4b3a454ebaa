package dev.berth.sys;

import java.io.IOException;
import java.util.Map;

/**
 * A failed system call: carries the call, its subject and errno so callers can react to specific
 * errors (EPERM when not root, ENOTSUP/EOPNOTSUPP for missing xattr support, EBUSY on umount).
 * The message reads like {@code mknod /a/b: Operation not permitted (EPERM)}.
 */
public final class ErrnoException extends IOException {
    public static final int EPERM = 1, ENOENT = 2, EINTR = 4, EIO = 5, EBADF = 9, EACCES = 13,
        EBUSY = 16, EEXIST = 17, EXDEV = 18, ENODEV = 19, ENOTDIR = 20, EISDIR = 21, EINVAL = 22,
        ENOSPC = 28, EROFS = 30, ERANGE = 34, ENAMETOOLONG = 36, ENOSYS = 38, ENOTEMPTY = 39,
        ELOOP = 40, ENODATA = 61, EOPNOTSUPP = 95;

    private static final Map<Integer, String> NAMES = Map.ofEntries(
        Map.entry(EPERM, "EPERM"), Map.entry(ENOENT, "ENOENT"), Map.entry(EINTR, "EINTR"),
        Map.entry(EIO, "EIO"), Map.entry(EBADF, "EBADF"), Map.entry(EACCES, "EACCES"),
        Map.entry(EBUSY, "EBUSY"), Map.entry(EEXIST, "EEXIST"), Map.entry(EXDEV, "EXDEV"),
        Map.entry(ENODEV, "ENODEV"), Map.entry(ENOTDIR, "ENOTDIR"), Map.entry(EISDIR, "EISDIR"),
        Map.entry(EINVAL, "EINVAL"), Map.entry(ENOSPC, "ENOSPC"), Map.entry(EROFS, "EROFS"),
        Map.entry(ERANGE, "ERANGE"), Map.entry(ENAMETOOLONG, "ENAMETOOLONG"),
        Map.entry(ENOSYS, "ENOSYS"), Map.entry(ENOTEMPTY, "ENOTEMPTY"), Map.entry(ELOOP, "ELOOP"),
        Map.entry(ENODATA, "ENODATA"), Map.entry(EOPNOTSUPP, "EOPNOTSUPP"));

    private final String call;
    private final int errno;

    public ErrnoException(String call, String subject, int errno) {
        super(call + " " + subject + ": " + Libc.strerror(errno) + " (" + name(errno) + ")");
        this.call = call;
        this.errno = errno;
    }

    public String call() { return call; }

    public int errno() { return errno; }

    /** True when the failure means the filesystem or kernel lacks the feature, not a bad request. */
    public boolean isUnsupported() {
        return errno == EOPNOTSUPP || errno == ENOSYS || errno == ENODEV;
    }

    static String name(int errno) {
        return NAMES.getOrDefault(errno, "errno " + errno);
    }
}
