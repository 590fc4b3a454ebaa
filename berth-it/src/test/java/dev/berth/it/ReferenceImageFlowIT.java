package dev.berth.it;

import org.junit.jupiter.api.extension.RegisterExtension;

/** The same image life cycle against Debian's dockerd: proves the expectations are Docker's, not ours. */
class ReferenceImageFlowIT extends ImageFlowContract {
    @RegisterExtension static final ReferenceDockerdExtension dockerd = new ReferenceDockerdExtension();

    @Override protected DockerCli docker() { return dockerd.docker(); }
}
