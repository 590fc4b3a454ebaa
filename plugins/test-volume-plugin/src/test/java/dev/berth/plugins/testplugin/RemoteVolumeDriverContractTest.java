package dev.berth.plugins.testplugin;

import dev.berth.core.volume.VolumeDriver;
import dev.berth.plugins.PluginClient;
import dev.berth.plugins.PluginSpec;
import dev.berth.plugins.PluginTimeouts;
import dev.berth.plugins.RemoteVolumeDriver;
import dev.berth.plugins.sdk.PluginServer;
import dev.berth.testkit.VolumeDriverContract;
import java.net.URI;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;

/** The volume driver contract through the whole protocol: RemoteVolumeDriver → unix socket → SDK → DirectoryVolumePlugin. */
class RemoteVolumeDriverContractTest extends VolumeDriverContract {
    @TempDir Path dir;
    private PluginServer server;
    private RemoteVolumeDriver driver;

    @BeforeEach
    void start() throws Exception {
        Path socket = dir.resolve("dirs.sock");
        server = PluginServer.serve(socket, new DirectoryVolumePlugin(dir.resolve("volumes")));
        PluginClient client = new PluginClient(new PluginSpec("dirs", URI.create("unix://" + socket), null), PluginTimeouts.DOCKER);
        client.activate(true);
        driver = new RemoteVolumeDriver(client);
    }

    @AfterEach
    void stop() {
        server.close();
    }

    @Override protected VolumeDriver driver() { return driver; }
}
