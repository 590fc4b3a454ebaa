package dev.berth.it;

import org.junit.jupiter.api.Assumptions;

/** Integration tests mount, create sockets in /run and start daemons: they need root. */
public final class Root {
    private Root() {}

    public static boolean isRoot() {
        return "root".equals(System.getProperty("user.name")) || uid() == 0;
    }

    private static long uid() {
        try {
            Object uid = java.nio.file.Files.getAttribute(java.nio.file.Path.of("/proc/self"), "unix:uid");
            return ((Number) uid).longValue();
        } catch (Exception e) {
            return -1;
        }
    }

    /** Skips the calling test unless it runs as root. */
    public static void assume() {
        Assumptions.assumeTrue(isRoot(), "integration tests need root");
    }
}
