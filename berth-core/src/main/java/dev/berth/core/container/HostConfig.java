package dev.berth.core.container;

import dev.berth.core.runtime.Resources;
import dev.berth.core.runtime.Security;
import dev.berth.core.runtime.RuntimeSpec;
import java.util.List;
import java.util.Map;

/**
 * How the host runs the container (Docker's {@code HostConfig}), already validated and parsed at
 * the API edge.
 *
 * @param networkMode  as given: {@code default}, {@code bridge}, {@code host}, {@code none}, {@code container:<id>} or a network's name
 * @param network      ports, DNS, links and the networks joined ({@link ContainerNetworks} acts on them)
 * @param pidMode      empty (private) or {@code host}
 * @param ipcMode      empty/{@code private}/{@code shareable} or {@code host}
 * @param utsMode      empty or {@code host}
 * @param securityOpt  the options as the client sent them (inspect shows them); {@link #security} holds their meaning
 * @param init         --init: null means the daemon default (off)
 * @param shmSize      bytes of /dev/shm; 0: Docker's 64 MiB
 * @param mountConfig  volumes, binds, --mount, --volumes-from, --volume-driver, --storage-opt
 * @param logConfig    --log-driver/--log-opt; null until create merges in the daemon's default
 */
public record HostConfig(
        String networkMode,
        RestartPolicy restartPolicy,
        boolean autoRemove,
        boolean readonlyRootfs,
        String pidMode,
        String ipcMode,
        String utsMode,
        List<String> securityOpt,
        Security security,
        Boolean init,
        List<Ulimit> ulimits,
        Resources resources,
        long shmSize,
        List<String> binds,
        List<String> groupAdd,
        List<RuntimeSpec.Device> devices,
        Map<String, String> tmpfs,
        ContainerNetworkConfig network,
        MountConfig mountConfig,
        LogConfig logConfig) {

    public HostConfig {
        mountConfig = mountConfig == null ? MountConfig.NONE : mountConfig;
        networkMode = networkMode == null || networkMode.isEmpty() ? "default" : networkMode;
        restartPolicy = restartPolicy == null ? RestartPolicy.NO : restartPolicy;
        pidMode = pidMode == null ? "" : pidMode;
        ipcMode = ipcMode == null || ipcMode.isEmpty() ? "private" : ipcMode;
        utsMode = utsMode == null ? "" : utsMode;
        securityOpt = securityOpt == null ? List.of() : List.copyOf(securityOpt);
        security = security == null ? Security.DEFAULT : security;
        ulimits = ulimits == null ? List.of() : List.copyOf(ulimits);
        resources = resources == null ? Resources.NONE : resources;
        binds = binds == null ? List.of() : List.copyOf(binds);
        groupAdd = groupAdd == null ? List.of() : List.copyOf(groupAdd);
        devices = devices == null ? List.of() : List.copyOf(devices);
        tmpfs = tmpfs == null ? Map.of() : Map.copyOf(tmpfs);
        network = network == null ? ContainerNetworkConfig.NONE : network;
    }

    /** Without a log configuration (the daemon's default applies). */
    public HostConfig(String networkMode, RestartPolicy restartPolicy, boolean autoRemove, boolean readonlyRootfs,
                      String pidMode, String ipcMode, String utsMode, List<String> securityOpt, Security security, Boolean init,
                      List<Ulimit> ulimits, Resources resources, long shmSize, List<String> binds, List<String> groupAdd,
                      List<RuntimeSpec.Device> devices, Map<String, String> tmpfs, ContainerNetworkConfig network,
                      MountConfig mountConfig) {
        this(networkMode, restartPolicy, autoRemove, readonlyRootfs, pidMode, ipcMode, utsMode, securityOpt, security, init,
            ulimits, resources, shmSize, binds, groupAdd, devices, tmpfs, network, mountConfig, null);
    }

    /** Without networking settings (ports, DNS, links …). */
    public HostConfig(String networkMode, RestartPolicy restartPolicy, boolean autoRemove, boolean readonlyRootfs,
                      String pidMode, String ipcMode, String utsMode, List<String> securityOpt, Security security, Boolean init,
                      List<Ulimit> ulimits, Resources resources, long shmSize, List<String> binds, List<String> groupAdd,
                      List<RuntimeSpec.Device> devices, Map<String, String> tmpfs) {
        this(networkMode, restartPolicy, autoRemove, readonlyRootfs, pidMode, ipcMode, utsMode, securityOpt, security, init,
            ulimits, resources, shmSize, binds, groupAdd, devices, tmpfs, null, null, null);
    }

    /** Without volumes or mounts. */
    public HostConfig(String networkMode, RestartPolicy restartPolicy, boolean autoRemove, boolean readonlyRootfs,
                      String pidMode, String ipcMode, String utsMode, List<String> securityOpt, Security security, Boolean init,
                      List<Ulimit> ulimits, Resources resources, long shmSize, List<String> binds, List<String> groupAdd,
                      List<RuntimeSpec.Device> devices, Map<String, String> tmpfs, ContainerNetworkConfig network) {
        this(networkMode, restartPolicy, autoRemove, readonlyRootfs, pidMode, ipcMode, utsMode, securityOpt, security, init,
            ulimits, resources, shmSize, binds, groupAdd, devices, tmpfs, network, null, null);
    }

    public static final HostConfig DEFAULT =
        new HostConfig(null, null, false, false, null, null, null, null, null, null, null, null, 0, null, null, null, null);

    public HostConfig withMountConfig(MountConfig m) {
        return new HostConfig(networkMode, restartPolicy, autoRemove, readonlyRootfs, pidMode, ipcMode, utsMode, securityOpt,
            security, init, ulimits, resources, shmSize, binds, groupAdd, devices, tmpfs, network, m, logConfig);
    }

    public HostConfig withRestartPolicy(RestartPolicy p) {
        return new HostConfig(networkMode, p, autoRemove, readonlyRootfs, pidMode, ipcMode, utsMode, securityOpt, security,
            init, ulimits, resources, shmSize, binds, groupAdd, devices, tmpfs, network, mountConfig, logConfig);
    }

    public HostConfig withResources(Resources r) {
        return new HostConfig(networkMode, restartPolicy, autoRemove, readonlyRootfs, pidMode, ipcMode, utsMode, securityOpt,
            security, init, ulimits, r, shmSize, binds, groupAdd, devices, tmpfs, network, mountConfig, logConfig);
    }

    public HostConfig withAutoRemove(boolean a) {
        return new HostConfig(networkMode, restartPolicy, a, readonlyRootfs, pidMode, ipcMode, utsMode, securityOpt,
            security, init, ulimits, resources, shmSize, binds, groupAdd, devices, tmpfs, network, mountConfig, logConfig);
    }

    public HostConfig withNetwork(ContainerNetworkConfig n) {
        return new HostConfig(networkMode, restartPolicy, autoRemove, readonlyRootfs, pidMode, ipcMode, utsMode, securityOpt,
            security, init, ulimits, resources, shmSize, binds, groupAdd, devices, tmpfs, n, mountConfig, logConfig);
    }

    public HostConfig withLogConfig(LogConfig l) {
        return new HostConfig(networkMode, restartPolicy, autoRemove, readonlyRootfs, pidMode, ipcMode, utsMode, securityOpt,
            security, init, ulimits, resources, shmSize, binds, groupAdd, devices, tmpfs, network, mountConfig, l);
    }

    /** --ulimit name=soft:hard. */
    public record Ulimit(String name, long soft, long hard) {}
}
