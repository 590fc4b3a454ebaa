package dev.berth.api.mappers;

import dev.berth.api.types.InfoResponse;
import dev.berth.api.types.VersionResponse;
import dev.berth.core.system.ApiVersions;
import dev.berth.core.system.SystemInfo;
import dev.berth.core.system.VersionInfo;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** {@code /info} and {@code /version} from their domain records. */
public final class SystemMapper {
    private SystemMapper() {}

    public static VersionResponse version(VersionInfo v) {
        var engine = new VersionResponse.Component("Engine", v.version(), Map.of(
            "ApiVersion", v.apiVersion(), "MinAPIVersion", v.minApiVersion(), "GitCommit", v.gitCommit(),
            "GoVersion", v.goVersion(), "Os", v.os(), "Arch", v.arch(), "KernelVersion", v.kernelVersion(),
            "BuildTime", v.buildTime(), "Experimental", "false"));
        var berth = new VersionResponse.Component("Berth", ApiVersions.BERTH_VERSION, Map.of("GitCommit", v.gitCommit()));
        return new VersionResponse(new VersionResponse.Platform("Berth Engine " + ApiVersions.BERTH_VERSION), List.of(engine, berth), v.version(),
            v.apiVersion(), v.minApiVersion(), v.gitCommit(), v.goVersion(), v.os(), v.arch(), v.kernelVersion(), v.buildTime());
    }

    public static InfoResponse info(SystemInfo i) {
        Map<String, InfoResponse.IndexInfo> indexes = new LinkedHashMap<>();
        indexes.put("docker.io", new InfoResponse.IndexInfo("docker.io", i.registryMirrors(), true, true));
        for (String reg : i.insecureRegistries()) {
            if (!reg.contains("/")) indexes.put(reg, new InfoResponse.IndexInfo(reg, List.of(), false, false));
        }
        List<String> cidrs = new java.util.ArrayList<>(List.of("127.0.0.0/8"));
        for (String reg : i.insecureRegistries()) if (reg.contains("/")) cidrs.add(reg);
        var registry = new InfoResponse.RegistryConfig(List.of(), List.of(), cidrs, indexes, i.registryMirrors());
        Map<String, InfoResponse.Runtime> runtimes = new LinkedHashMap<>();
        for (String r : i.runtimes()) runtimes.put(r, new InfoResponse.Runtime(r));
        var none = new InfoResponse.Commit("", "");
        // dockerd fills Expected with the commit it was built against; Berth takes what is installed
        var runc = new InfoResponse.Commit(i.runtimeCommit(), i.runtimeCommit());
        var init = new InfoResponse.Commit(i.initCommit(), i.initCommit());
        List<String> labels = i.labels().entrySet().stream().map(e -> e.getKey() + "=" + e.getValue()).toList();
        return new InfoResponse(i.id(), i.containers(), i.containersRunning(), i.containersPaused(), i.containersStopped(),
            i.images(), i.storageDriver(), i.driverStatus(),
            new InfoResponse.Plugins(List.of("local"), List.of("bridge", "host", "null"), null,
                List.of("json-file", "local")),
            true, true, true, true, true, true, true, true, i.debug(), 0, false, Thread.activeCount(),
            Timestamps.rfc3339(Instant.now()), i.loggingDriver(), i.cgroupDriver(), i.cgroupVersion(), 0,
            i.kernelVersion(), i.operatingSystem(), i.osVersion(), i.osType(), i.architecture(),
            "https://index.docker.io/v1/", registry, i.ncpu(), i.memTotal(), i.dataRoot(), "", "", "", i.name(),
            labels, i.experimentalBuild(), i.serverVersion(), runtimes, i.defaultRuntime(),
            new InfoResponse.Swarm("", "", "inactive", false, "", null), i.liveRestoreEnabled(), "",
            i.initBinary(), none, runc, init, i.securityOptions(), i.warnings());
    }
}
