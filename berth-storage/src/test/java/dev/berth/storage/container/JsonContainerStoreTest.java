package dev.berth.storage.container;

import static org.assertj.core.api.Assertions.assertThat;

import dev.berth.core.container.Container;
import dev.berth.core.container.ContainerConfig;
import dev.berth.core.container.ContainerState;
import dev.berth.core.container.HostConfig;
import dev.berth.core.container.RestartPolicy;
import dev.berth.core.image.Digest;
import dev.berth.core.runtime.Resources;
import dev.berth.core.runtime.Security;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class JsonContainerStoreTest {
    @TempDir Path dir;

    private static Container sample(ContainerState state) {
        var config = new ContainerConfig("h", null, "nobody", false, true, true, java.util.Set.of("80/tcp"), false, false, false,
            List.of("A=1"), List.of("sh", "-c", "exit 3"), "busybox", java.util.Set.of(), "/tmp", null, Map.of("l", "v"), "SIGINT", 3)
            .withHealthcheck(new dev.berth.core.container.Healthcheck(List.of("CMD-SHELL", "test -e /tmp/ok"), 1_000_000_000L, 0, 0, 0, 2));
        var host = new HostConfig("none", new RestartPolicy(RestartPolicy.Name.ON_FAILURE, 2), false, true, "host", null, null,
            List.of("seccomp=unconfined"), Security.DEFAULT.withSeccomp(Security.SeccompProfile.UNCONFINED).withCaps(List.of("NET_ADMIN"), List.of()),
            true, List.of(new HostConfig.Ulimit("nofile", 10, 20)), Resources.NONE.withMemory(64L << 20).withPidsLimit(50L), 0, List.of(),
            List.of("10"), List.of(new dev.berth.core.runtime.RuntimeSpec.Device("/dev/null", "/dev/n", "rw")), Map.of("/run", "size=1m"))
            .withMountConfig(new dev.berth.core.container.MountConfig(List.of(
                new dev.berth.core.container.MountPoint(dev.berth.core.container.MountPoint.Type.VOLUME,
                    dev.berth.core.container.MountPoint.Origin.MOUNT, "/v/_data", "/data", true, "v", "local", "z", "", false, true,
                    Map.of("size", "20m"), Map.of("k", "v"), 0, null, false),
                new dev.berth.core.container.MountPoint(dev.berth.core.container.MountPoint.Type.TMPFS,
                    dev.berth.core.container.MountPoint.Origin.MOUNT, "", "/t", false, "", "", "", "", false, false,
                    Map.of(), Map.of(), 1 << 20, 01777, false)),
                List.of(new dev.berth.core.container.MountConfig.VolumesFrom("other", "ro")), "plug", Map.of("size", "1G"), 1L << 30));
        return new Container("a".repeat(64), "/web", Instant.parse("2026-01-02T03:04:05.123456789Z"), "sh", List.of("-c", "exit 3"),
            config, host, Digest.sha256("img"), state, Instant.parse("2026-01-02T03:04:06Z"), null, 1, true, Path.of("/x/container.log"));
    }

    @Test
    void roundTripsEveryStateAndSetting() {
        var store = new JsonContainerStore(dir);
        for (ContainerState s : List.of(ContainerState.CREATED, new ContainerState.Running(42), new ContainerState.Paused(42),
                new ContainerState.Restarting(3), new ContainerState.Exited(127, true, "not found"), new ContainerState.Dead())) {
            Container c = sample(s);
            store.save(c);
            assertThat(store.loadAll()).containsExactly(c);
        }
    }

    @Test
    void deleteForgetsAndUnreadableRecordsAreSkipped() throws Exception {
        var store = new JsonContainerStore(dir);
        store.save(sample(ContainerState.CREATED));
        Files.createDirectories(dir.resolve("broken"));
        Files.writeString(dir.resolve("broken").resolve(JsonContainerStore.FILE), "{not json");
        assertThat(store.loadAll()).hasSize(1);
        store.delete("a".repeat(64));
        assertThat(store.loadAll()).isEmpty();
    }
}
