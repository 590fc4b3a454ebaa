package dev.berth.plugins;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.berth.common.error.BerthException;
import dev.berth.core.volume.VolumeDriver;
import dev.berth.plugins.sdk.PluginServer;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PluginDiscoveryTest {
    @TempDir Path sockets;
    @TempDir Path specs;

    @Test
    void findsSocketsFirstThenSpecAndJsonFilesAlsoInSubdirectories() throws Exception {
        var discovery = new PluginDiscovery(List.of(sockets), List.of(specs));
        try (var a = PluginServer.serve(sockets.resolve("a.sock"), null);
             var b = PluginServer.serve(sockets.resolve("b").resolve("b.sock"), null)) {
            Files.writeString(specs.resolve("c.spec"), "tcp://127.0.0.1:9999\n");
            Files.createDirectories(specs.resolve("d"));
            Files.writeString(specs.resolve("d/d.json"),
                "{\"Name\":\"d\",\"Addr\":\"https://127.0.0.1:9443\",\"TLSConfig\":{\"InsecureSkipVerify\":true}}");
            Files.writeString(specs.resolve("e.spec"), "ftp://nope");
            assertThat(discovery.find("a").orElseThrow().address()).isEqualTo(URI.create("unix://" + sockets.resolve("a.sock")));
            assertThat(discovery.find("b").orElseThrow().isUnix()).isTrue();
            assertThat(discovery.find("c").orElseThrow().address()).isEqualTo(URI.create("tcp://127.0.0.1:9999"));
            PluginSpec d = discovery.find("d").orElseThrow();
            assertThat(d.tls().insecureSkipVerify()).isTrue();
            assertThat(discovery.find("nothere")).isEmpty();
            assertThat(discovery.find("../etc")).isEmpty();
            assertThatThrownBy(() -> discovery.find("e")).hasMessageContaining("Unknown protocol");
            assertThat(discovery.names()).containsExactly("a", "b", "c", "d", "e");
        }
    }

    @Test
    void unknownDriverHasDockerdsWordingAndADownPluginIsAWarning() throws Exception {
        VolumeDriver local = new dev.berth.plugins.PluginDiscoveryTest.NoDriver();
        var drivers = new DiscoveredVolumeDrivers(local, new PluginDiscovery(List.of(sockets), List.of(specs)), PluginClientTest.FAST);
        assertThatThrownBy(() -> drivers.get("nosuch")).isInstanceOf(BerthException.NotFound.class)
            .hasMessage("error looking up volume plugin nosuch: plugin \"nosuch\" not found");
        Files.writeString(specs.resolve("down.spec"), "unix://" + sockets.resolve("down.sock"));
        List<String> warnings = new ArrayList<>();
        assertThat(drivers.available(warnings)).containsExactly(local);
        assertThat(warnings).singleElement().asString().startsWith("plugin \"down\": Plugin.Activate: cannot connect");
    }

    /** Stands in for the local driver; never called. */
    static final class NoDriver implements VolumeDriver {
        @Override public String name() { return "local"; }
        @Override public DriverVolume create(String name, java.util.Map<String, String> opts) { throw new UnsupportedOperationException(); }
        @Override public void remove(String name) { throw new UnsupportedOperationException(); }
        @Override public String mount(String name, String callerId) { throw new UnsupportedOperationException(); }
        @Override public void unmount(String name, String callerId) { throw new UnsupportedOperationException(); }
        @Override public String path(String name) { throw new UnsupportedOperationException(); }
        @Override public DriverVolume get(String name) { throw new UnsupportedOperationException(); }
        @Override public List<DriverVolume> list() { return List.of(); }
        @Override public dev.berth.core.volume.Volume.Scope scope() { return dev.berth.core.volume.Volume.Scope.LOCAL; }
    }
}
