package dev.berth.daemon.system;

import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;

/** Build facts Maven writes into {@code berth-build.properties}; unknown values read as "unknown". */
public record BuildInfo(String version, String buildTime, String gitCommit) {

    public static BuildInfo load() {
        Properties p = new Properties();
        try (InputStream in = BuildInfo.class.getResourceAsStream("/berth-build.properties")) {
            if (in != null) p.load(in);
        } catch (IOException ignored) {
            // build facts are cosmetic; the daemon runs without them
        }
        return new BuildInfo(value(p, "version"), value(p, "build.time"), value(p, "git.commit"));
    }

    private static String value(Properties p, String key) {
        String v = p.getProperty(key);
        return v == null || v.isBlank() || v.startsWith("${") ? "unknown" : v;
    }
}
