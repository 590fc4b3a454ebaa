package dev.berth.core.container;

import dev.berth.core.image.Digest;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;

final class Fixtures {
    private Fixtures() {}

    static Container container(String name, ContainerState state, Instant created, Map<String, String> labels) {
        var config = new ContainerConfig(null, null, null, false, true, true, null, false, false, false, List.of(),
            List.of("true"), "busybox", null, null, null, labels, null, null);
        return new Container(ContainerNames.newId(), "/" + name, created, "true", List.of(), config, HostConfig.DEFAULT,
            Digest.sha256("image"), state, null, null, 0, false, Path.of("/nowhere/container.log"));
    }
}
