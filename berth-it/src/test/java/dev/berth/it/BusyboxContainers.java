package dev.berth.it;

import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Base of the container ITs: one berthd per test class with {@code busybox:latest} imported from
 * the host's busybox-static, and every container a test made removed after it, pass or fail.
 */
abstract class BusyboxContainers {
    @RegisterExtension static final BerthDaemonExtension berth = new BerthDaemonExtension();

    @BeforeAll
    static void importBusybox() {
        Path tar = TestImages.busyboxRootfsTar(berth.daemon().scratch());
        berth.docker().ok("import", tar.toString(), "busybox:latest");
    }

    @AfterEach
    void removeContainers() {
        ContainerCleanup.removeAll(berth.daemon());
    }

    protected DockerCli docker() { return berth.docker(); }
}
