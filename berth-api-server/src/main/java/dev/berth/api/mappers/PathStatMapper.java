package dev.berth.api.mappers;

import dev.berth.api.http.Json;
import dev.berth.core.container.PathStat;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The {@code X-Docker-Container-Path-Stat} header: base64 of Go's {@code ContainerPathStat} JSON,
 * whose {@code mode} is a Go {@code os.FileMode} (type bits at the top, unlike Unix's st_mode).
 */
public final class PathStatMapper {
    public static final String HEADER = "X-Docker-Container-Path-Stat";

    private static final long MODE_DIR = 1L << 31, MODE_SYMLINK = 1L << 27, MODE_DEVICE = 1L << 26,
        MODE_NAMED_PIPE = 1L << 25, MODE_SOCKET = 1L << 24, MODE_SETUID = 1L << 23, MODE_SETGID = 1L << 22,
        MODE_CHAR_DEVICE = 1L << 21, MODE_STICKY = 1L << 20;

    private PathStatMapper() {}

    public static String header(PathStat s) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("name", s.name());
        json.put("size", s.size());
        json.put("mode", goFileMode(s.mode()));
        json.put("mtime", Timestamps.rfc3339(s.mtime()));
        json.put("linkTarget", s.linkTarget());
        return Base64.getEncoder().encodeToString(Json.bytes(json));
    }

    /** Unix st_mode to Go's os.FileMode, as Go's os.Lstat fills it. */
    public static long goFileMode(int mode) {
        long m = mode & 0777;
        m |= switch (mode & 0170000) {
            case 0040000 -> MODE_DIR;
            case 0120000 -> MODE_SYMLINK;
            case 0060000 -> MODE_DEVICE;
            case 0020000 -> MODE_DEVICE | MODE_CHAR_DEVICE;
            case 0010000 -> MODE_NAMED_PIPE;
            case 0140000 -> MODE_SOCKET;
            default -> 0L;
        };
        if ((mode & 04000) != 0) m |= MODE_SETUID;
        if ((mode & 02000) != 0) m |= MODE_SETGID;
        if ((mode & 01000) != 0) m |= MODE_STICKY;
        return m;
    }
}
