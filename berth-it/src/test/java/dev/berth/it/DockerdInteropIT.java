package dev.berth.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** Image archives move between Berth and a reference dockerd 20.10 in both directions, keeping image IDs. */
class DockerdInteropIT {
    @RegisterExtension static final BerthDaemonExtension berth = new BerthDaemonExtension();
    @RegisterExtension static final ReferenceDockerdExtension dockerd = new ReferenceDockerdExtension();

    @TempDir Path tmp;

    private static String id(DockerCli docker, String ref) {
        return docker.ok("image", "inspect", "--format", "{{.Id}}", ref).stdout().strip();
    }

    @Test
    void berthSaveLoadsIntoDockerd() {
        DockerCli b = berth.docker();
        b.runWithStdin(TestImages.busyboxRootfsTar(tmp), "import", "--change", "CMD [\"sh\"]", "-", "from-berth:1").assertOk();
        b.ok("tag", "from-berth:1", "from-berth:alias");
        Path archive = tmp.resolve("berth.tar");
        b.ok("save", "-o", archive.toString(), "from-berth:1", "from-berth:alias");

        var load = dockerd.docker().ok("load", "-i", archive.toString());
        assertThat(load.stdout()).contains("Loaded image: from-berth:1").contains("Loaded image: from-berth:alias");
        assertThat(id(dockerd.docker(), "from-berth:1")).isEqualTo(id(b, "from-berth:1"));
        assertThat(dockerd.docker().ok("history", "--format", "{{.Comment}}", "from-berth:1").stdout()).contains("Imported from -");
    }

    @Test
    void dockerdSaveLoadsIntoBerth() {
        DockerCli d = dockerd.docker();
        d.runWithStdin(TestImages.busyboxRootfsTar(tmp), "import", "--change", "ENV A=b", "-", "from-dockerd:1").assertOk();
        Path archive = tmp.resolve("dockerd.tar");
        d.ok("save", "-o", archive.toString(), "from-dockerd:1");

        var load = berth.docker().ok("load", "-i", archive.toString());
        assertThat(load.stdout()).contains("Loaded image: from-dockerd:1");
        assertThat(id(berth.docker(), "from-dockerd:1")).isEqualTo(id(d, "from-dockerd:1"));
        assertThat(berth.docker().ok("image", "inspect", "--format", "{{json .Config.Env}}", "from-dockerd:1").stdout())
            .contains("A=b");
    }
}
