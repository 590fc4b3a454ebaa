package dev.berth.image.registry;

/** The os/architecture[/variant] an image manifest is built for; {@code variant} may be null. */
public record Platform(String os, String architecture, String variant) {
    public static final Platform LINUX_AMD64 = new Platform("linux", "amd64", null);

    /**
     * Whether a manifest-list entry for {@code candidate} runs here. A null variant on our side
     * accepts any variant (dockerd does the same for amd64, where variants are micro-levels like v2/v3).
     */
    public boolean accepts(Platform candidate) {
        if (candidate == null) return false;
        if (!os.equals(candidate.os) || !architecture.equals(candidate.architecture)) return false;
        return variant == null || variant.equals(candidate.variant);
    }

    @Override public String toString() {
        return os + "/" + architecture + (variant == null ? "" : "/" + variant);
    }
}
