package dev.berth.core.container;

import dev.berth.common.error.BerthException;
import dev.berth.core.runtime.Namespaces;
import dev.berth.core.runtime.RuntimeSpec;

/**
 * {@code --pid container:<name>}: the container joins the other one's PID namespace at start, with
 * dockerd's rules and words (the donor must exist at create and run at start).
 *
 * <p>{@code --ipc container:<name>} is refused at create rather than run with a private IPC
 * namespace: dockerd also shares the donor's {@code /dev/shm}, a tmpfs it mounts on the host for
 * {@code --ipc shareable} containers, which Berth does not do yet. A bind of the donor's
 * {@code /proc/<pid>/root/dev/shm} is no substitute: the kernel refuses binds from another mount
 * namespace.
 */
final class SharedNamespaces {
    static final String PREFIX = "container:";

    private final ContainerIndex index;

    SharedNamespaces(ContainerIndex index) {
        this.index = index;
    }

    /** At create: the named container must exist. */
    void check(HostConfig host) {
        if (host.ipcMode().startsWith(PREFIX)) {
            throw new BerthException.NotImplemented("IpcMode " + host.ipcMode() + " is not supported by Berth yet: "
                + "sharing another container's IPC namespace needs its /dev/shm on the host");
        }
        if (!host.pidMode().startsWith(PREFIX)) return;
        try {
            index.resolve(host.pidMode().substring(PREFIX.length()));
        } catch (BerthException.NotFound e) {
            // 400 as dockerd: a 404 on create makes the docker CLI try to pull the image
            throw new BerthException.InvalidArgument(e.getMessage());
        }
    }

    /** At start: {@code spec} joined to the donor's PID namespace. */
    RuntimeSpec join(HostConfig host, RuntimeSpec spec) {
        if (!host.pidMode().startsWith(PREFIX)) return spec;
        Container donor = index.resolve(host.pidMode().substring(PREFIX.length()));
        if (!donor.state().running()) throw new BerthException.Conflict("container " + donor.id() + " is not running");
        return spec.withNamespaces(spec.namespaces().withPid(new Namespaces.Mode.Joined("/proc/" + donor.state().pid() + "/ns/pid")));
    }
}
