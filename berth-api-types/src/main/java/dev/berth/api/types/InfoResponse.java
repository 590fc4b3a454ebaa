package dev.berth.api.types;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;
import java.util.Map;

/** {@code GET /info}: the fields the docker CLI renders in {@code docker info}. */
public record InfoResponse(
        @JsonProperty("ID") String id,
        @JsonProperty("Containers") int containers,
        @JsonProperty("ContainersRunning") int containersRunning,
        @JsonProperty("ContainersPaused") int containersPaused,
        @JsonProperty("ContainersStopped") int containersStopped,
        @JsonProperty("Images") int images,
        @JsonProperty("Driver") String driver,
        @JsonProperty("DriverStatus") List<List<String>> driverStatus,
        @JsonProperty("Plugins") Plugins plugins,
        @JsonProperty("MemoryLimit") boolean memoryLimit,
        @JsonProperty("SwapLimit") boolean swapLimit,
        @JsonProperty("CpuCfsPeriod") boolean cpuCfsPeriod,
        @JsonProperty("CpuCfsQuota") boolean cpuCfsQuota,
        @JsonProperty("CPUShares") boolean cpuShares,
        @JsonProperty("CPUSet") boolean cpuSet,
        @JsonProperty("PidsLimit") boolean pidsLimit,
        @JsonProperty("IPv4Forwarding") boolean ipv4Forwarding,
        @JsonProperty("Debug") boolean debug,
        @JsonProperty("NFd") int nfd,
        @JsonProperty("OomKillDisable") boolean oomKillDisable,
        @JsonProperty("NGoroutines") int ngoroutines,
        @JsonProperty("SystemTime") String systemTime,
        @JsonProperty("LoggingDriver") String loggingDriver,
        @JsonProperty("CgroupDriver") String cgroupDriver,
        @JsonProperty("CgroupVersion") String cgroupVersion,
        @JsonProperty("NEventsListener") int neventsListener,
        @JsonProperty("KernelVersion") String kernelVersion,
        @JsonProperty("OperatingSystem") String operatingSystem,
        @JsonProperty("OSVersion") String osVersion,
        @JsonProperty("OSType") String osType,
        @JsonProperty("Architecture") String architecture,
        @JsonProperty("IndexServerAddress") String indexServerAddress,
        @JsonProperty("RegistryConfig") RegistryConfig registryConfig,
        @JsonProperty("NCPU") int ncpu,
        @JsonProperty("MemTotal") long memTotal,
        @JsonProperty("DockerRootDir") String dockerRootDir,
        @JsonProperty("HttpProxy") String httpProxy,
        @JsonProperty("HttpsProxy") String httpsProxy,
        @JsonProperty("NoProxy") String noProxy,
        @JsonProperty("Name") String name,
        @JsonProperty("Labels") List<String> labels,
        @JsonProperty("ExperimentalBuild") boolean experimentalBuild,
        @JsonProperty("ServerVersion") String serverVersion,
        @JsonProperty("Runtimes") Map<String, Runtime> runtimes,
        @JsonProperty("DefaultRuntime") String defaultRuntime,
        @JsonProperty("Swarm") Swarm swarm,
        @JsonProperty("LiveRestoreEnabled") boolean liveRestoreEnabled,
        @JsonProperty("Isolation") String isolation,
        @JsonProperty("InitBinary") String initBinary,
        @JsonProperty("ContainerdCommit") Commit containerdCommit,
        @JsonProperty("RuncCommit") Commit runcCommit,
        @JsonProperty("InitCommit") Commit initCommit,
        @JsonProperty("SecurityOptions") List<String> securityOptions,
        @JsonProperty("Warnings") List<String> warnings) {

    public record Plugins(@JsonProperty("Volume") List<String> volume, @JsonProperty("Network") List<String> network,
                          @JsonProperty("Authorization") List<String> authorization, @JsonProperty("Log") List<String> log) {}

    public record RegistryConfig(
            @JsonProperty("AllowNondistributableArtifactsCIDRs") List<String> allowNondistributableCidrs,
            @JsonProperty("AllowNondistributableArtifactsHostnames") List<String> allowNondistributableHostnames,
            @JsonProperty("InsecureRegistryCIDRs") List<String> insecureRegistryCidrs,
            @JsonProperty("IndexConfigs") Map<String, IndexInfo> indexConfigs,
            @JsonProperty("Mirrors") List<String> mirrors) {}

    public record IndexInfo(@JsonProperty("Name") String name, @JsonProperty("Mirrors") List<String> mirrors,
                            @JsonProperty("Secure") boolean secure, @JsonProperty("Official") boolean official) {}

    public record Runtime(@JsonProperty("path") String path) {}

    public record Swarm(@JsonProperty("NodeID") String nodeId, @JsonProperty("NodeAddr") String nodeAddr,
                        @JsonProperty("LocalNodeState") String localNodeState,
                        @JsonProperty("ControlAvailable") boolean controlAvailable,
                        @JsonProperty("Error") String error, @JsonProperty("RemoteManagers") List<Object> remoteManagers) {}

    public record Commit(@JsonProperty("ID") String id, @JsonProperty("Expected") String expected) {}
}
