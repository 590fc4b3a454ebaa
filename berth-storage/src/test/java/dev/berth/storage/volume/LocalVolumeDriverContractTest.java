package dev.berth.storage.volume;

import dev.berth.common.process.HostCommandRunner;
import dev.berth.core.volume.VolumeDriver;
import dev.berth.testkit.VolumeDriverContract;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;

class LocalVolumeDriverContractTest extends VolumeDriverContract {
    @TempDir Path root;
    private LocalVolumeDriver driver;

    @BeforeEach
    void create() {
        driver = new LocalVolumeDriver(root, new HostCommandRunner());
    }

    @Override protected VolumeDriver driver() { return driver; }
}
