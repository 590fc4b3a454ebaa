package dev.berth.api.types;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;
import java.util.Map;

/**
 * Docker's {@code HostConfig}, inbound on container create and outbound in inspect. Null-versus-
 * empty per field follows dockerd 20.10's inspect output (golden/container-inspect.json).
 */
public record HostConfig(
        @JsonProperty("Binds") List<String> binds,
        @JsonProperty("ContainerIDFile") String containerIdFile,
        @JsonProperty("LogConfig") LogConfig logConfig,
        @JsonProperty("NetworkMode") String networkMode,
        @JsonProperty("PortBindings") Map<String, Object> portBindings,
        @JsonProperty("RestartPolicy") RestartPolicy restartPolicy,
        @JsonProperty("AutoRemove") boolean autoRemove,
        @JsonProperty("VolumeDriver") String volumeDriver,
        @JsonProperty("VolumesFrom") List<String> volumesFrom,
        @JsonProperty("CapAdd") List<String> capAdd,
        @JsonProperty("CapDrop") List<String> capDrop,
        @JsonProperty("CgroupnsMode") String cgroupnsMode,
        @JsonProperty("Dns") List<String> dns,
        @JsonProperty("DnsOptions") List<String> dnsOptions,
        @JsonProperty("DnsSearch") List<String> dnsSearch,
        @JsonProperty("ExtraHosts") List<String> extraHosts,
        @JsonProperty("GroupAdd") List<String> groupAdd,
        @JsonProperty("IpcMode") String ipcMode,
        @JsonProperty("Cgroup") String cgroup,
        @JsonProperty("Links") List<String> links,
        @JsonProperty("OomScoreAdj") int oomScoreAdj,
        @JsonProperty("PidMode") String pidMode,
        @JsonProperty("Privileged") boolean privileged,
        @JsonProperty("PublishAllPorts") boolean publishAllPorts,
        @JsonProperty("ReadonlyRootfs") boolean readonlyRootfs,
        @JsonProperty("SecurityOpt") List<String> securityOpt,
        @JsonProperty("UTSMode") String utsMode,
        @JsonProperty("UsernsMode") String usernsMode,
        @JsonProperty("ShmSize") long shmSize,
        @JsonProperty("Runtime") String runtime,
        @JsonProperty("ConsoleSize") List<Integer> consoleSize,
        @JsonProperty("Isolation") String isolation,
        @JsonProperty("CpuShares") long cpuShares,
        @JsonProperty("Memory") long memory,
        @JsonProperty("NanoCpus") long nanoCpus,
        @JsonProperty("CgroupParent") String cgroupParent,
        @JsonProperty("BlkioWeight") int blkioWeight,
        @JsonProperty("BlkioWeightDevice") List<Object> blkioWeightDevice,
        @JsonProperty("BlkioDeviceReadBps") List<Object> blkioDeviceReadBps,
        @JsonProperty("BlkioDeviceWriteBps") List<Object> blkioDeviceWriteBps,
        @JsonProperty("BlkioDeviceReadIOps") List<Object> blkioDeviceReadIOps,
        @JsonProperty("BlkioDeviceWriteIOps") List<Object> blkioDeviceWriteIOps,
        @JsonProperty("CpuPeriod") long cpuPeriod,
        @JsonProperty("CpuQuota") long cpuQuota,
        @JsonProperty("CpuRealtimePeriod") long cpuRealtimePeriod,
        @JsonProperty("CpuRealtimeRuntime") long cpuRealtimeRuntime,
        @JsonProperty("CpusetCpus") String cpusetCpus,
        @JsonProperty("CpusetMems") String cpusetMems,
        @JsonProperty("Devices") List<DeviceMapping> devices,
        @JsonProperty("DeviceCgroupRules") List<String> deviceCgroupRules,
        @JsonProperty("DeviceRequests") List<Object> deviceRequests,
        @JsonProperty("KernelMemory") long kernelMemory,
        @JsonProperty("KernelMemoryTCP") long kernelMemoryTcp,
        @JsonProperty("MemoryReservation") long memoryReservation,
        @JsonProperty("MemorySwap") long memorySwap,
        @JsonProperty("MemorySwappiness") Long memorySwappiness,
        @JsonProperty("OomKillDisable") Boolean oomKillDisable,
        @JsonProperty("PidsLimit") Long pidsLimit,
        @JsonProperty("Ulimits") List<Ulimit> ulimits,
        @JsonProperty("CpuCount") long cpuCount,
        @JsonProperty("CpuPercent") long cpuPercent,
        @JsonProperty("IOMaximumIOps") long ioMaximumIOps,
        @JsonProperty("IOMaximumBandwidth") long ioMaximumBandwidth,
        @JsonProperty("MaskedPaths") List<String> maskedPaths,
        @JsonProperty("ReadonlyPaths") List<String> readonlyPaths,
        @JsonInclude(JsonInclude.Include.NON_NULL) @JsonProperty("Init") Boolean init,
        @JsonInclude(JsonInclude.Include.NON_EMPTY) @JsonProperty("Tmpfs") Map<String, String> tmpfs,
        @JsonInclude(JsonInclude.Include.NON_EMPTY) @JsonProperty("Mounts") List<Mount> mounts,
        @JsonInclude(JsonInclude.Include.NON_EMPTY) @JsonProperty("StorageOpt") Map<String, String> storageOpt) {

    /** {@code --device /dev/x:/dev/y:rwm}. */
    public record DeviceMapping(@JsonProperty("PathOnHost") String pathOnHost,
                                @JsonProperty("PathInContainer") String pathInContainer,
                                @JsonProperty("CgroupPermissions") String cgroupPermissions) {}

    public record LogConfig(@JsonProperty("Type") String type, @JsonProperty("Config") Map<String, String> config) {}

    public record RestartPolicy(@JsonProperty("Name") String name, @JsonProperty("MaximumRetryCount") int maximumRetryCount) {}

    public record Ulimit(@JsonProperty("Name") String name, @JsonProperty("Soft") long soft, @JsonProperty("Hard") long hard) {}
}
