package dev.berth.core.runtime;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * What to run in one container, in Docker's terms but already resolved from CLI strings and image
 * defaults: the container service builds it, an {@link OciRuntime} turns it into the runtime's own
 * format (for runc: an OCI {@code config.json} with Docker's defaults applied).
 *
 * <p>The spec states <em>intent</em> ("add NET_ADMIN", "privileged", "default seccomp"), not the
 * final OCI lists, so that Docker's defaults live in one place (the runtime adapter). Null in a
 * nullable component means "not set, use Docker's default".
 *
 * @param process      the container's init process
 * @param root         the root filesystem
 * @param hostname     the container's hostname (UTS namespace); null leaves it unset
 * @param domainname   NIS domain name; null leaves it unset
 * @param mounts       mounts in addition to Docker's defaults (/proc, /dev, /sys …), in order
 * @param namespaces   which namespaces are private, shared with the host, or joined
 * @param security     capabilities, privileged mode, seccomp, masked paths, no-new-privileges
 * @param devices      host devices made available (--device)
 * @param resources    cgroup limits
 * @param cgroupsPath  the cgroup path (cgroupfs driver: {@code /parent/id}); null: {@code /berth/<id>}
 * @param shmSizeBytes size of the private /dev/shm tmpfs; 0 means Docker's 64 MiB
 * @param annotations  free-form annotations copied to the OCI spec
 */
public record RuntimeSpec(
        Process process,
        Root root,
        String hostname,
        String domainname,
        List<Mount> mounts,
        Namespaces namespaces,
        Security security,
        List<Device> devices,
        Resources resources,
        String cgroupsPath,
        long shmSizeBytes,
        Map<String, String> annotations) {

    public RuntimeSpec {
        mounts = mounts == null ? List.of() : List.copyOf(mounts);
        devices = devices == null ? List.of() : List.copyOf(devices);
        annotations = annotations == null ? Map.of() : Map.copyOf(annotations);
        namespaces = namespaces == null ? Namespaces.DEFAULT : namespaces;
        security = security == null ? Security.DEFAULT : security;
        resources = resources == null ? Resources.NONE : resources;
    }

    /** A minimal spec: run {@code args} in {@code rootfs} with every Docker default. */
    public static RuntimeSpec of(Path rootfs, List<String> args) {
        return new RuntimeSpec(Process.of(args), new Root(rootfs, false), null, null, List.of(),
            Namespaces.DEFAULT, Security.DEFAULT, List.of(), Resources.NONE, null, 0, Map.of());
    }

    public RuntimeSpec withProcess(Process p) { return new RuntimeSpec(p, root, hostname, domainname, mounts, namespaces, security, devices, resources, cgroupsPath, shmSizeBytes, annotations); }
    public RuntimeSpec withRoot(Root r) { return new RuntimeSpec(process, r, hostname, domainname, mounts, namespaces, security, devices, resources, cgroupsPath, shmSizeBytes, annotations); }
    public RuntimeSpec withHostname(String h) { return new RuntimeSpec(process, root, h, domainname, mounts, namespaces, security, devices, resources, cgroupsPath, shmSizeBytes, annotations); }
    public RuntimeSpec withMounts(List<Mount> m) { return new RuntimeSpec(process, root, hostname, domainname, m, namespaces, security, devices, resources, cgroupsPath, shmSizeBytes, annotations); }
    public RuntimeSpec withNamespaces(Namespaces n) { return new RuntimeSpec(process, root, hostname, domainname, mounts, n, security, devices, resources, cgroupsPath, shmSizeBytes, annotations); }
    public RuntimeSpec withSecurity(Security s) { return new RuntimeSpec(process, root, hostname, domainname, mounts, namespaces, s, devices, resources, cgroupsPath, shmSizeBytes, annotations); }
    public RuntimeSpec withDevices(List<Device> d) { return new RuntimeSpec(process, root, hostname, domainname, mounts, namespaces, security, d, resources, cgroupsPath, shmSizeBytes, annotations); }
    public RuntimeSpec withResources(Resources r) { return new RuntimeSpec(process, root, hostname, domainname, mounts, namespaces, security, devices, r, cgroupsPath, shmSizeBytes, annotations); }
    public RuntimeSpec withCgroupsPath(String p) { return new RuntimeSpec(process, root, hostname, domainname, mounts, namespaces, security, devices, resources, p, shmSizeBytes, annotations); }
    public RuntimeSpec withShmSize(long bytes) { return new RuntimeSpec(process, root, hostname, domainname, mounts, namespaces, security, devices, resources, cgroupsPath, bytes, annotations); }

    /**
     * The process to run (the container's init, or an exec'd process).
     *
     * @param args        argv; args[0] is resolved against PATH inside the container by the runtime
     * @param env         {@code KEY=value} entries
     * @param cwd         working directory inside the container; null means "/"
     * @param user        numeric identity (the service resolves names against the image's /etc/passwd)
     * @param terminal    allocate a pseudo-terminal (-t)
     * @param consoleSize initial terminal size, null for the runtime's default
     * @param rlimits     --ulimit values; hard limits above the host's are clamped, not rejected
     * @param init        run {@code docker-init} (tini) as PID 1, reaping zombies (--init)
     * @param apparmorProfile unused on hosts without AppArmor; null for none
     * @param privileged  every capability ({@code docker exec --privileged}); a container's init
     *                    takes its privileges from {@link Security} instead
     */
    public record Process(List<String> args, List<String> env, String cwd, User user, boolean terminal,
                          ConsoleSize consoleSize, List<Rlimit> rlimits, boolean init, String apparmorProfile,
                          boolean privileged) {
        public Process {
            args = List.copyOf(args);
            env = env == null ? List.of() : List.copyOf(env);
            rlimits = rlimits == null ? List.of() : List.copyOf(rlimits);
            user = user == null ? User.ROOT : user;
        }

        /** Without exec privileges: what a container's init uses. */
        public Process(List<String> args, List<String> env, String cwd, User user, boolean terminal,
                       ConsoleSize consoleSize, List<Rlimit> rlimits, boolean init, String apparmorProfile) {
            this(args, env, cwd, user, terminal, consoleSize, rlimits, init, apparmorProfile, false);
        }

        public static Process of(List<String> args) {
            return new Process(args, List.of("PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin"),
                "/", User.ROOT, false, null, List.of(), false, null);
        }

        public Process withArgs(List<String> a) { return new Process(a, env, cwd, user, terminal, consoleSize, rlimits, init, apparmorProfile, privileged); }
        public Process withEnv(List<String> e) { return new Process(args, e, cwd, user, terminal, consoleSize, rlimits, init, apparmorProfile, privileged); }
        public Process withUser(User u) { return new Process(args, env, cwd, u, terminal, consoleSize, rlimits, init, apparmorProfile, privileged); }
        public Process withTerminal(boolean t) { return new Process(args, env, cwd, user, t, consoleSize, rlimits, init, apparmorProfile, privileged); }
        public Process withRlimits(List<Rlimit> r) { return new Process(args, env, cwd, user, terminal, consoleSize, r, init, apparmorProfile, privileged); }
        public Process withInit(boolean i) { return new Process(args, env, cwd, user, terminal, consoleSize, rlimits, i, apparmorProfile, privileged); }
        public Process withCwd(String c) { return new Process(args, env, c, user, terminal, consoleSize, rlimits, init, apparmorProfile, privileged); }
        public Process withConsoleSize(ConsoleSize s) { return new Process(args, env, cwd, user, terminal, s, rlimits, init, apparmorProfile, privileged); }
        public Process withPrivileged(boolean p) { return new Process(args, env, cwd, user, terminal, consoleSize, rlimits, init, apparmorProfile, p); }
    }

    /** Numeric user identity (-u uid:gid, --group-add). */
    public record User(int uid, int gid, List<Integer> additionalGids) {
        public static final User ROOT = new User(0, 0, List.of());
        public User { additionalGids = additionalGids == null ? List.of() : List.copyOf(additionalGids); }
    }

    /** Terminal size in character cells. */
    public record ConsoleSize(int height, int width) {}

    /**
     * A resource limit (--ulimit nofile=1024:2048).
     *
     * @param type lower-case name without prefix as Docker spells it ({@code nofile}, {@code nproc}, …)
     */
    public record Rlimit(String type, long soft, long hard) {}

    /**
     * The root filesystem: an already-prepared directory (e.g. an overlay mount) and --read-only.
     *
     * @param propagation {@code rshared}/{@code rslave} when a bind mount needs it (dockerd's rule); null: the runtime's default
     */
    public record Root(Path path, boolean readonly, String propagation) {
        public Root(Path path, boolean readonly) { this(path, readonly, null); }

        public Root withPropagation(String p) { return new Root(path, readonly, p); }
    }

    /**
     * A mount in OCI terms ({@code bind} with options {@code rbind,ro}, {@code tmpfs} with
     * {@code size=…,mode=…}, …). The service translates -v / --mount / --tmpfs into these.
     */
    public record Mount(String destination, String type, String source, List<String> options) {
        public Mount { options = options == null ? List.of() : List.copyOf(options); }

        public static Mount bind(String source, String destination, boolean readonly) {
            return new Mount(destination, "bind", source, readonly ? List.of("rbind", "ro") : List.of("rbind", "rw"));
        }

        public static Mount tmpfs(String destination, List<String> options) {
            return new Mount(destination, "tmpfs", "tmpfs", options);
        }
    }

    /**
     * A host device exposed in the container (--device host:container:perms).
     *
     * @param permissions cgroup device permissions, a subset of {@code rwm}
     */
    public record Device(String hostPath, String containerPath, String permissions) {}
}
