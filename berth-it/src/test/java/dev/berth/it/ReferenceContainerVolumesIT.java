package dev.berth.it;

import java.nio.file.Path;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.extension.RegisterExtension;

/** {@link ContainerVolumesContract} against Debian's dockerd: proves the expectations are Docker's, not ours. */
class ReferenceContainerVolumesIT extends ContainerVolumesContract {
    @RegisterExtension static final ReferenceDockerdExtension dockerd = new ReferenceDockerdExtension();

    @BeforeAll
    static void importBusybox() {
        Path tar = TestImages.busyboxRootfsTar(dockerd.dockerd().scratch());
        dockerd.docker().ok("import", tar.toString(), "busybox:latest");
    }

    @Override protected DockerCli docker() { return dockerd.docker(); }

    @Override protected Path dataRoot() { return dockerd.dockerd().dataRoot(); }

    @Override protected Path scratch() { return dockerd.dockerd().scratch(); }

    @Override protected void removeContainers() {
        String ids = docker().run("ps", "-aq").stdout().strip();
        if (ids.isEmpty()) return;
        var argv = new java.util.ArrayList<>(java.util.List.of("rm", "-f"));
        argv.addAll(java.util.List.of(ids.split("\\s+")));
        docker().run(argv.toArray(String[]::new));
    }
}
