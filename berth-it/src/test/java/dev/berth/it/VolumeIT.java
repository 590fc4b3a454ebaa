package dev.berth.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** {@code docker volume …} against berthd: the local driver, its options, and a volume plugin in its own process. */
class VolumeIT {
    /** Berth's own plugin directory for this class, so no test plugin needs /run/docker/plugins. */
    static final ScratchDir PLUGIN_DIR = ScratchDir.create("berth-plugdir-");

    @RegisterExtension
    static BerthDaemonExtension berth = new BerthDaemonExtension(b -> b.args("--plugin-dir", PLUGIN_DIR.path().toString()));

    @AfterAll
    static void removePluginDir() {
        PLUGIN_DIR.close();
    }

    private DockerCli docker() { return berth.docker(); }

    @Test
    void createListInspectRemoveWithLabelsFiltersAndEvents() {
        long since = Instant.now().getEpochSecond();
        try {
            assertThat(docker().ok("volume", "create", "--label", "team=a", "itv-alpha").stdout().strip()).isEqualTo("itv-alpha");
            docker().ok("volume", "create", "itv-beta");
            assertThat(docker().ok("volume", "ls", "-q").stdout().lines().toList()).contains("itv-alpha", "itv-beta");
            assertThat(docker().ok("volume", "ls", "-q", "--filter", "label=team=a").stdout().strip()).isEqualTo("itv-alpha");
            assertThat(docker().ok("volume", "ls", "-q", "--filter", "name=beta").stdout().strip()).isEqualTo("itv-beta");
            assertThat(docker().ok("volume", "ls", "-q", "--filter", "dangling=true", "--filter", "driver=local").stdout().lines().toList())
                .contains("itv-alpha", "itv-beta");
            String inspect = docker().ok("volume", "inspect", "itv-alpha", "--format",
                "{{.Driver}} {{.Labels.team}} {{.Mountpoint}} {{.Scope}} {{.CreatedAt}}").stdout().strip();
            assertThat(inspect).startsWith("local a " + berth.daemon().dataRoot().resolve("volumes/itv-alpha/_data") + " local ")
                .matches(".* \\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\dZ");
            assertThat(docker().ok("volume", "create", "itv-alpha").stdout().strip()).isEqualTo("itv-alpha"); // exists: fine
            docker().ok("volume", "rm", "itv-alpha", "itv-beta");
            var missing = docker().run("volume", "inspect", "itv-alpha");
            assertThat(missing.exitCode()).isEqualTo(1);
            assertThat(missing.stderr()).contains("get itv-alpha: no such volume");
            docker().ok("volume", "rm", "-f", "itv-alpha");
            var events = docker().ok("events", "--since", String.valueOf(since), "--until", String.valueOf(Instant.now().getEpochSecond() + 1),
                "--filter", "type=volume", "--format", "{{.Action}} {{.Actor.ID}} {{.Actor.Attributes.driver}}");
            assertThat(events.stdout().lines().toList()).contains("create itv-alpha local", "destroy itv-beta local");
        } finally {
            docker().run("volume", "rm", "-f", "itv-alpha", "itv-beta");
        }
    }

    @Test
    void namesAndOptionsAreCheckedWithDockerdsWording() {
        var bad = docker().run("volume", "create", "x!");
        assertThat(bad.exitCode()).isEqualTo(1);
        assertThat(bad.stderr()).contains("create x!: \"x!\" includes invalid characters for a local volume name, only "
            + "\"[a-zA-Z0-9][a-zA-Z0-9_.-]\" are allowed. If you intended to pass a host directory, use absolute path");
        assertThat(docker().run("volume", "create", "-o", "foo=bar", "itv-opt").stderr()).contains("create itv-opt: invalid option: \"foo\"");
        assertThat(docker().run("volume", "create", "-o", "o=size=1m", "itv-opt").stderr()).contains("missing required option: \"device\"");
        assertThat(docker().run("volume", "create", "-d", "nosuch", "itv-opt").stderr())
            .contains("create itv-opt: error looking up volume plugin nosuch: plugin \"nosuch\" not found");
        assertThat(docker().ok("volume", "ls", "-q").stdout()).doesNotContain("itv-opt");
    }

    @Test
    void pruneTakesOnlyAnonymousVolumesUnlessAll() {
        String anon = docker().ok("volume", "create").stdout().strip();
        try {
            assertThat(anon).matches("[0-9a-f]{64}");
            docker().ok("volume", "create", "itv-named");
            var pruned = docker().ok("volume", "prune", "-f").stdout();
            assertThat(pruned).contains(anon).doesNotContain("itv-named");
            assertThat(docker().ok("volume", "prune", "-f", "--all", "--filter", "label=nomatch").stdout()).doesNotContain("itv-named");
            assertThat(docker().ok("volume", "prune", "-f", "--all").stdout()).contains("itv-named");
            assertThat(docker().ok("volume", "ls", "-q").stdout()).doesNotContain("itv-named").doesNotContain(anon);
        } finally {
            docker().run("volume", "rm", "-f", anon, "itv-named");
        }
    }

    @Test
    void sizeAndTmpfsVolumesAreCreatedWithTheirOptions() throws Exception {
        Path dir = berth.daemon().dataRoot().resolve("volumes/itv-sized");
        try {
            docker().ok("volume", "create", "-o", "size=20m", "itv-sized");
            docker().ok("volume", "create", "-o", "type=tmpfs", "-o", "device=tmpfs", "-o", "o=size=10m", "itv-tmpfs");
            assertThat(docker().ok("volume", "inspect", "itv-sized", "--format", "{{.Options.size}}").stdout().strip()).isEqualTo("20m");
            assertThat(docker().ok("volume", "inspect", "itv-tmpfs", "--format", "{{.Options.type}} {{.Options.o}}").stdout().strip())
                .isEqualTo("tmpfs size=10m");
            assertThat(dir.resolve("disk.ext4")).isRegularFile();
            assertThat(Files.size(dir.resolve("disk.ext4"))).isEqualTo(20L << 20);
            docker().ok("volume", "rm", "itv-sized", "itv-tmpfs");
            assertThat(dir).doesNotExist();
        } finally {
            docker().run("volume", "rm", "-f", "itv-sized", "itv-tmpfs");
        }
    }

    @Test
    void pluginVolumesAreListedBesideLocalOnesBySocketOrSpecFile() {
        String bySocket = TestVolumePlugin.uniqueName();
        String bySpec = TestVolumePlugin.uniqueName();
        try (var a = TestVolumePlugin.start(bySocket, PLUGIN_DIR.resolve(bySocket + ".sock"));
             var b = TestVolumePlugin.start(bySpec, a.volumeDir("..").resolve(bySpec + ".sock").normalize())) {
            b.writeSpec(PLUGIN_DIR.path());
            try {
                docker().ok("volume", "create", "itv-local");
                docker().ok("volume", "create", "-d", bySocket, "--label", "via=socket", "-o", "note=hi", "itv-remote");
                docker().ok("volume", "create", "-d", bySpec, "itv-spec");
                assertThat(a.volumeDir("itv-remote")).isDirectory();
                assertThat(b.volumeDir("itv-spec")).isDirectory();
                List<String> rows = docker().ok("volume", "ls", "--format", "{{.Driver}} {{.Name}}").stdout().lines().toList();
                assertThat(rows).contains("local itv-local", bySocket + " itv-remote", bySpec + " itv-spec");
                assertThat(docker().ok("volume", "ls", "-q", "--filter", "driver=" + bySocket).stdout().strip()).isEqualTo("itv-remote");
                String inspect = docker().ok("volume", "inspect", "itv-remote", "--format",
                    "{{.Driver}} {{.Labels.via}} {{.Options.note}} {{.Status.note}} {{.Mountpoint}}").stdout().strip();
                assertThat(inspect).isEqualTo(bySocket + " socket hi hi " + a.volumeDir("itv-remote"));
                docker().ok("volume", "rm", "itv-remote", "itv-spec");
                assertThat(a.volumeDir("itv-remote")).doesNotExist();
            } finally {
                docker().run("volume", "rm", "-f", "itv-local", "itv-remote", "itv-spec");
            }
        }
    }

    @Test
    void aPluginThatIsDownGivesAClearErrorAndTheDaemonKeepsServing() {
        String name = TestVolumePlugin.uniqueName();
        try (var plugin = TestVolumePlugin.start(name, PLUGIN_DIR.resolve("down-" + name + ".sock"))) {
            plugin.writeSpec(PLUGIN_DIR.path());
            try {
                docker().ok("volume", "create", "-d", name, "itv-before");
                docker().ok("volume", "create", "itv-still-local");
                plugin.stop();
                Instant start = Instant.now();
                var create = docker().run("volume", "create", "-d", name, "itv-after");
                assertThat(create.exitCode()).isEqualTo(1);
                assertThat(create.stderr()).contains("create itv-after: plugin \"" + name + "\": VolumeDriver.Create: cannot connect");
                assertThat(Duration.between(start, Instant.now())).isLessThan(Duration.ofSeconds(20));
                var ls = docker().ok("volume", "ls", "--format", "{{.Name}}");
                assertThat(ls.stdout()).contains("itv-still-local").doesNotContain("itv-before");
                assertThat(docker().run("volume", "inspect", "itv-before").stderr()).contains("plugin \"" + name + "\"");
                docker().ok("version");
                assertThat(berth.daemon().isAlive()).isTrue();
            } finally {
                docker().run("volume", "rm", "-f", "itv-before", "itv-still-local", "itv-after");
            }
        }
    }
}
