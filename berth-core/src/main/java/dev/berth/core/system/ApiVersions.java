package dev.berth.core.system;

/** The range of Docker Engine API versions Berth serves. */
public final class ApiVersions {
    public static final String MIN = "1.24";
    public static final String CURRENT = "1.44";
    /**
     * The Docker Engine release whose API ({@link #CURRENT}) Berth serves, reported as the server's
     * {@code Version}: clients gate features on it (Testcontainers refuses anything below 1.6.0).
     */
    public static final String ENGINE_VERSION = "25.0.0";
    /** Berth's own release, shown beside it ({@code docker version}'s components, {@code berthd --version}). */
    public static final String BERTH_VERSION = "0.1.0";

    private ApiVersions() {}
}
