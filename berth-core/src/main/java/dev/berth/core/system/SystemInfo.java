package dev.berth.core.system;

import java.util.List;
import java.util.Map;

/** What {@code docker info} reports about this engine and its host. */
public record SystemInfo(
        String id,
        int containers, int containersRunning, int containersPaused, int containersStopped,
        int images,
        String storageDriver,
        List<List<String>> driverStatus,
        boolean debug,
        String loggingDriver,
        String cgroupDriver,
        String cgroupVersion,
        String kernelVersion,
        String operatingSystem,
        String osVersion,
        String osType,
        String architecture,
        int ncpu,
        long memTotal,
        String dataRoot,
        String execRoot,
        String name,
        Map<String, String> labels,
        boolean experimentalBuild,
        String serverVersion,
        List<String> registryMirrors,
        List<String> insecureRegistries,
        String defaultRuntime,
        List<String> runtimes,
        List<String> securityOptions,
        List<String> warnings,
        boolean liveRestoreEnabled,
        String initBinary,
        String runtimeCommit,
        String initCommit) {}
