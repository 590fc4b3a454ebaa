package dev.berth.storage;

import static org.assertj.core.api.Assertions.assertThat;

import dev.berth.core.container.Snapshotter.Change;
import dev.berth.core.container.Snapshotter.Change.Kind;
import java.util.List;
import org.junit.jupiter.api.Test;

class InitLayerPathsTest {
    @Test
    void runtimeMountpointsAndDaemonFilesAreNotTheContainersChanges() {
        List<Change> all = List.of(new Change("/dev", Kind.ADDED), new Change("/dev/shm", Kind.ADDED),
            new Change("/etc", Kind.MODIFIED), new Change("/etc/hostname", Kind.ADDED), new Change("/etc/hosts", Kind.ADDED),
            new Change("/proc", Kind.ADDED), new Change("/sys", Kind.ADDED), new Change("/tmp/x", Kind.ADDED));
        assertThat(InitLayerPaths.without(all)).containsExactly(new Change("/tmp/x", Kind.ADDED));
    }

    @Test
    void etcStaysChangedWhenSomethingElseInItChanged() {
        List<Change> all = List.of(new Change("/etc", Kind.MODIFIED), new Change("/etc/hosts", Kind.ADDED),
            new Change("/etc/passwd", Kind.MODIFIED), new Change("/etcetera", Kind.ADDED));
        assertThat(InitLayerPaths.without(all)).containsExactly(new Change("/etc", Kind.MODIFIED),
            new Change("/etc/passwd", Kind.MODIFIED), new Change("/etcetera", Kind.ADDED));
    }
}
