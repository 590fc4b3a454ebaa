package dev.berth.api.types;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;
import java.util.Map;

/**
 * One line of {@code GET /containers/{id}/stats} (Go's StatsResponse). Go omits the
 * {@code omitempty} fields when zero: percpu_usage on cgroup v2, pids limit when unlimited,
 * {@code networks} without network interfaces.
 */
public record ContainerStatsResponse(
        @JsonProperty("name") String name,
        @JsonProperty("id") String id,
        @JsonProperty("read") String read,
        @JsonProperty("preread") String preread,
        @JsonProperty("pids_stats") PidsStats pidsStats,
        @JsonProperty("blkio_stats") BlkioStats blkioStats,
        @JsonProperty("num_procs") int numProcs,
        @JsonProperty("storage_stats") Map<String, Object> storageStats,
        @JsonProperty("cpu_stats") CpuStats cpuStats,
        @JsonProperty("precpu_stats") CpuStats precpuStats,
        @JsonProperty("memory_stats") MemoryStats memoryStats,
        @JsonInclude(JsonInclude.Include.NON_EMPTY) @JsonProperty("networks") Map<String, NetworkStats> networks) {

    @JsonInclude(JsonInclude.Include.NON_DEFAULT)
    public record PidsStats(@JsonProperty("current") long current, @JsonProperty("limit") long limit) {}

    public record BlkioStats(
            @JsonProperty("io_service_bytes_recursive") List<BlkioEntry> ioServiceBytesRecursive,
            @JsonProperty("io_serviced_recursive") List<BlkioEntry> ioServicedRecursive,
            @JsonProperty("io_queue_recursive") List<BlkioEntry> ioQueueRecursive,
            @JsonProperty("io_service_time_recursive") List<BlkioEntry> ioServiceTimeRecursive,
            @JsonProperty("io_wait_time_recursive") List<BlkioEntry> ioWaitTimeRecursive,
            @JsonProperty("io_merged_recursive") List<BlkioEntry> ioMergedRecursive,
            @JsonProperty("io_time_recursive") List<BlkioEntry> ioTimeRecursive,
            @JsonProperty("sectors_recursive") List<BlkioEntry> sectorsRecursive) {}

    public record BlkioEntry(@JsonProperty("major") long major, @JsonProperty("minor") long minor,
                             @JsonProperty("op") String op, @JsonProperty("value") long value) {}

    public record CpuStats(
            @JsonProperty("cpu_usage") CpuUsage cpuUsage,
            @JsonInclude(JsonInclude.Include.NON_DEFAULT) @JsonProperty("system_cpu_usage") long systemCpuUsage,
            @JsonInclude(JsonInclude.Include.NON_DEFAULT) @JsonProperty("online_cpus") int onlineCpus,
            @JsonProperty("throttling_data") ThrottlingData throttlingData) {}

    public record CpuUsage(
            @JsonProperty("total_usage") long totalUsage,
            @JsonInclude(JsonInclude.Include.NON_EMPTY) @JsonProperty("percpu_usage") List<Long> percpuUsage,
            @JsonProperty("usage_in_kernelmode") long usageInKernelmode,
            @JsonProperty("usage_in_usermode") long usageInUsermode) {}

    public record ThrottlingData(@JsonProperty("periods") long periods, @JsonProperty("throttled_periods") long throttledPeriods,
                                 @JsonProperty("throttled_time") long throttledTime) {}

    @JsonInclude(JsonInclude.Include.NON_DEFAULT)
    public record MemoryStats(
            @JsonProperty("usage") long usage,
            @JsonProperty("max_usage") long maxUsage,
            @JsonInclude(JsonInclude.Include.NON_EMPTY) @JsonProperty("stats") Map<String, Long> stats,
            @JsonProperty("failcnt") long failcnt,
            @JsonProperty("limit") long limit) {}

    public record NetworkStats(
            @JsonProperty("rx_bytes") long rxBytes, @JsonProperty("rx_packets") long rxPackets,
            @JsonProperty("rx_errors") long rxErrors, @JsonProperty("rx_dropped") long rxDropped,
            @JsonProperty("tx_bytes") long txBytes, @JsonProperty("tx_packets") long txPackets,
            @JsonProperty("tx_errors") long txErrors, @JsonProperty("tx_dropped") long txDropped) {}
}
