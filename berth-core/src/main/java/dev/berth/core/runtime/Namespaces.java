package dev.berth.core.runtime;

/**
 * The namespace of each kind a container gets. The mount namespace is always private; the user
 * namespace is not supported yet (no --userns-remap).
 *
 * @param pid     --pid (private, host, or container:&lt;id&gt; as a path to /proc/&lt;pid&gt;/ns/pid)
 * @param network --network none|host|container:… (private with only loopback is {@code none})
 * @param ipc     --ipc private|shareable|host|container:…
 * @param uts     --uts host or private
 * @param cgroup  --cgroupns; Docker's default is private on cgroup v2 and host on v1
 */
public record Namespaces(Mode pid, Mode network, Mode ipc, Mode uts, Mode cgroup) {

    /** Docker's defaults on a cgroup v1 host: everything private but the cgroup namespace. */
    public static final Namespaces DEFAULT =
        new Namespaces(Mode.PRIVATE, Mode.PRIVATE, Mode.PRIVATE, Mode.PRIVATE, Mode.HOST);

    public Namespaces withPid(Mode m) { return new Namespaces(m, network, ipc, uts, cgroup); }
    public Namespaces withNetwork(Mode m) { return new Namespaces(pid, m, ipc, uts, cgroup); }
    public Namespaces withIpc(Mode m) { return new Namespaces(pid, network, m, uts, cgroup); }
    public Namespaces withUts(Mode m) { return new Namespaces(pid, network, ipc, m, cgroup); }
    public Namespaces withCgroup(Mode m) { return new Namespaces(pid, network, ipc, uts, m); }

    /** How one namespace kind is set up. */
    public sealed interface Mode {
        Mode PRIVATE = new Private();
        Mode HOST = new Host();

        /** A new namespace for this container. */
        record Private() implements Mode {}

        /** The host's namespace (the runtime creates none). */
        record Host() implements Mode {}

        /** Join an existing namespace, e.g. {@code /proc/1234/ns/net} or a bind-mounted netns file. */
        record Joined(String path) implements Mode {}
    }
}
