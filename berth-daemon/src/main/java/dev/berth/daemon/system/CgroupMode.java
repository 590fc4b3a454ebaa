package dev.berth.daemon.system;

/** How the host mounts cgroups. dockerd reports hybrid hosts as version "1": containers use the v1 controllers. */
public enum CgroupMode {
    V1("1"), V2("2"), HYBRID("1");

    private final String reportedVersion;

    CgroupMode(String reportedVersion) { this.reportedVersion = reportedVersion; }

    /** The {@code CgroupVersion} string {@code docker info} shows. */
    public String reportedVersion() { return reportedVersion; }
}
