package dev.berth.it;

import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/** {@link ContainerVolumesContract} against Debian's dockerd: proves the expectations are Docker's, not ours. */
class ReferenceContainerVolumesIT extends ContainerVolumesContract {
    static ReferenceDockerd dockerd;

    @BeforeAll
    static void start() {
        dockerd = ReferenceDockerd.start();
        Path tar = TestImages.busyboxRootfsTar(dockerd.scratch());
        dockerd.docker().ok("import", tar.toString(), "busybox:latest");
    }

    @AfterAll
    static void stop() {
        if (dockerd != null) dockerd.close();
    }

    @Override protected DockerCli docker() { return dockerd.docker(); }

    @Override protected Path dataRoot() { return dockerd.dataRoot(); }

    @Override protected Path scratch() { return dockerd.scratch(); }

    @Override protected void removeContainers() {
        String ids = docker().run("ps", "-aq").stdout().strip();
        if (ids.isEmpty()) return;
        var argv = new java.util.ArrayList<>(java.util.List.of("rm", "-f"));
        argv.addAll(java.util.List.of(ids.split("\\s+")));
        docker().run(argv.toArray(String[]::new));
    }
}
