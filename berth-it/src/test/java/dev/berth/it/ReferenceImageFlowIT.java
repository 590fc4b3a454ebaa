package dev.berth.it;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/** The same image life cycle against Debian's dockerd: proves the expectations are Docker's, not ours. */
class ReferenceImageFlowIT extends ImageFlowContract {
    static ReferenceDockerd dockerd;

    @BeforeAll
    static void start() {
        dockerd = ReferenceDockerd.start();
    }

    @AfterAll
    static void stop() {
        if (dockerd != null) dockerd.close();
    }

    @Override protected DockerCli docker() { return dockerd.docker(); }
}
