package dev.berth.daemon.system;

import dev.berth.core.container.Container;
import dev.berth.core.container.ContainerService;
import dev.berth.core.container.ContainerState;
import dev.berth.core.filter.Filters;
import dev.berth.core.image.ImageService;
import dev.berth.core.system.ApiVersions;
import dev.berth.core.system.SystemInfo;
import dev.berth.core.system.SystemService;
import dev.berth.core.system.VersionInfo;
import dev.berth.daemon.config.DaemonConfig;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code docker info} and {@code docker version} from real host figures. Host facts that cannot
 * change while the daemon runs are read once; counts are asked of the services on every call.
 * Thread-safe.
 */
public final class DaemonSystemService implements SystemService {
    private static final Logger log = LoggerFactory.getLogger(DaemonSystemService.class);

    private final DaemonConfig config;
    private final ImageService images;
    private final ContainerService containers;
    private final String engineId;
    private final BuildInfo build;
    private final List<String> warnings;
    private final String kernel;
    private final String operatingSystem;
    private final String osVersion;
    private final String hostname;
    private final long memTotal;
    private final int ncpu;
    private final CgroupMode cgroupMode;
    private final String backingFilesystem;
    private final String runtimeCommit;
    private final String initCommit;

    /**
     * @param runtimeCommit runc's commit, {@code docker info}'s RuncCommit
     * @param initCommit    the init binary's version, its InitCommit
     */
    public DaemonSystemService(DaemonConfig config, ImageService images, ContainerService containers, String engineId,
                               HostFacts host, BuildInfo build, List<String> warnings, String runtimeCommit, String initCommit) {
        this.config = config;
        this.images = images;
        this.containers = containers;
        this.runtimeCommit = runtimeCommit;
        this.initCommit = initCommit;
        this.engineId = engineId;
        this.build = build;
        this.warnings = List.copyOf(warnings);
        this.kernel = host.kernelVersion();
        this.operatingSystem = host.operatingSystem();
        this.osVersion = host.osVersion();
        this.hostname = host.hostname();
        this.memTotal = host.memTotal();
        this.ncpu = host.ncpu();
        this.cgroupMode = host.cgroupMode();
        this.backingFilesystem = host.backingFilesystem(config.dataRoot());
    }

    public CgroupMode cgroupMode() { return cgroupMode; }

    @Override
    public SystemInfo info() {
        List<String> security = new ArrayList<>();
        if (cgroupMode == CgroupMode.V2) security.add("name=cgroupns");
        ContainerCounts counts = containerCounts();
        return new SystemInfo(
            engineId,
            counts.all(), counts.running(), counts.paused(), counts.stopped(),
            imageCount(),
            images.storageDriver(),
            List.of(List.of("Backing Filesystem", backingFilesystem)),
            config.debug(),
            config.logConfig().type(),
            "cgroupfs",
            cgroupMode.reportedVersion(),
            kernel,
            operatingSystem,
            osVersion,
            "linux",
            HostFacts.machine(),
            ncpu,
            memTotal,
            config.dataRoot().toString(),
            config.execRoot().toString(),
            hostname,
            Map.of(),
            false,
            ApiVersions.ENGINE_VERSION,
            config.registryMirrors(),
            config.insecureRegistries(), // the API mapper adds dockerd's implicit 127.0.0.0/8
            "runc",
            List.of("runc"),
            List.copyOf(security),
            warnings,
            false,
            "tini",
            runtimeCommit,
            initCommit);
    }

    private record ContainerCounts(int all, int running, int paused, int stopped) {}

    /** As dockerd counts: paused first, then anything with a process (restarting included), the rest stopped. */
    private ContainerCounts containerCounts() {
        int running = 0, paused = 0, stopped = 0;
        for (Container c : containers.list(new ContainerService.ListOptions(true, -1, Filters.NONE))) {
            if (c.state() instanceof ContainerState.Paused) paused++;
            else if (c.state().running()) running++;
            else stopped++;
        }
        return new ContainerCounts(running + paused + stopped, running, paused, stopped);
    }

    private int imageCount() {
        try {
            return images.list(Filters.NONE, true).size();
        } catch (dev.berth.common.error.BerthException.NotImplemented e) {
            log.debug("images not counted: {}", e.getMessage());
            return 0;
        } catch (RuntimeException e) {
            // info must answer even when the image store is unwell: report 0 and say why in the log
            log.warn("cannot count images for info: {}", e.getMessage());
            return 0;
        }
    }

    @Override
    public VersionInfo version() {
        return new VersionInfo(
            ApiVersions.ENGINE_VERSION,
            ApiVersions.CURRENT,
            ApiVersions.MIN,
            build.gitCommit(),
            "java" + Runtime.version().feature() + "." + Runtime.version().interim() + "." + Runtime.version().update(),
            "linux",
            HostFacts.goArch(),
            kernel,
            build.buildTime());
    }
}
