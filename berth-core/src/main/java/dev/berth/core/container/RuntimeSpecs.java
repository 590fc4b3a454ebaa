package dev.berth.core.container;

import dev.berth.core.runtime.Namespaces;
import dev.berth.core.runtime.RuntimeSpec;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Turns a container's Docker settings into the {@link RuntimeSpec} the OCI runtime understands. */
final class RuntimeSpecs {
    private RuntimeSpecs() {}

    /**
     * @param rootfs the mounted root filesystem
     * @param files  the container's generated /etc/hostname, /etc/hosts and /etc/resolv.conf
     */
    static RuntimeSpec build(Container c, Path rootfs, ContainerFiles.Paths files) {
        ContainerConfig cfg = c.config();
        HostConfig host = c.hostConfig();
        List<String> argv = new ArrayList<>();
        argv.add(c.path());
        argv.addAll(c.args());
        List<RuntimeSpec.Rlimit> rlimits = host.ulimits().stream()
            .map(u -> new RuntimeSpec.Rlimit(u.name(), u.soft(), u.hard())).toList();
        var user = ContainerUsers.withGroups(rootfs, ContainerUsers.resolve(rootfs, cfg.user()), host.groupAdd());
        var process = new RuntimeSpec.Process(argv, env(c), cfg.workingDir(), user,
            cfg.tty(), null, rlimits, Boolean.TRUE.equals(host.init()), null);
        List<RuntimeSpec.Mount> mounts = new ArrayList<>();
        mounts.add(RuntimeSpec.Mount.bind(files.resolvConf().toString(), "/etc/resolv.conf", false));
        mounts.add(RuntimeSpec.Mount.bind(files.hostname().toString(), "/etc/hostname", false));
        mounts.add(RuntimeSpec.Mount.bind(files.hosts().toString(), "/etc/hosts", false));
        host.tmpfs().forEach((path, options) -> mounts.add(tmpfs(path, options)));
        return new RuntimeSpec(process, new RuntimeSpec.Root(rootfs, host.readonlyRootfs()), hostname(c), cfg.domainname(),
            mounts, namespaces(host), host.security(), host.devices(), host.resources(), null, host.shmSize(),
            java.util.Map.of());
    }

    /** {@code --tmpfs /run:size=1m}: dockerd's defaults (noexec, nosuid, nodev) unless the options say otherwise. */
    static RuntimeSpec.Mount tmpfs(String path, String options) {
        List<String> opts = new ArrayList<>(List.of("noexec", "nosuid", "nodev"));
        if (options != null && !options.isEmpty()) {
            for (String o : options.split(",")) {
                if (o.equals("exec")) opts.remove("noexec");
                else if (o.equals("suid")) opts.remove("nosuid");
                else if (o.equals("dev")) opts.remove("nodev");
                else opts.add(o);
            }
        }
        return RuntimeSpec.Mount.tmpfs(path, opts);
    }

    /** Docker's hostname: the one given, else the first 12 hex digits of the ID (host network: the host's). */
    static String hostname(Container c) {
        String h = c.config().hostname();
        return h == null || h.isEmpty() ? c.shortId() : h;
    }

    private static List<String> env(Container c) {
        List<String> env = new ArrayList<>(c.config().env());
        if (env.stream().noneMatch(e -> e.startsWith("PATH="))) {
            env.addFirst("PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin");
        }
        if (env.stream().noneMatch(e -> e.startsWith("HOSTNAME="))) env.add(1, "HOSTNAME=" + hostname(c));
        if (c.config().tty() && env.stream().noneMatch(e -> e.startsWith("TERM="))) env.add("TERM=xterm");
        return env;
    }

    static Namespaces namespaces(HostConfig host) {
        Namespaces ns = Namespaces.DEFAULT;
        // every other mode gets a namespace of its own; ContainerNetworks joins container:<id> and attaches networks
        if (host.networkMode().equals("host")) ns = ns.withNetwork(Namespaces.Mode.HOST);
        if (host.pidMode().equals("host")) ns = ns.withPid(Namespaces.Mode.HOST);
        if (host.ipcMode().equals("host")) ns = ns.withIpc(Namespaces.Mode.HOST);
        if (host.utsMode().equals("host") || host.networkMode().equals("host")) ns = ns.withUts(Namespaces.Mode.HOST);
        return ns;
    }
}
