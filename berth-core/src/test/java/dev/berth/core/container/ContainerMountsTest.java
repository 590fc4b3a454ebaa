package dev.berth.core.container;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.berth.common.error.BerthException;
import dev.berth.core.event.EventBus;
import dev.berth.core.runtime.RuntimeSpec;
import dev.berth.core.volume.Volume;
import dev.berth.core.volume.VolumeDriver;
import dev.berth.core.volume.VolumeDrivers;
import dev.berth.core.volume.VolumeService;
import dev.berth.core.volume.VolumeStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ContainerMountsTest {
    @TempDir Path tmp;
    private final Driver local = new Driver();
    private final VolumeService volumes = new VolumeService(new VolumeDrivers() {
        @Override public VolumeDriver get(String name) {
            if (name.equals("local")) return local;
            throw new BerthException.NotFound("error looking up volume plugin " + name + ": plugin \"" + name + "\" not found");
        }

        @Override public List<VolumeDriver> available(List<String> warnings) { return List.of(local); }
    }, new Store(), new EventBus(Clock.systemUTC()), Clock.systemUTC());
    private final ContainerMounts mounts = new ContainerMounts(volumes, null, MountPropagation.host());
    private final Map<String, Container> containers = new HashMap<>();

    private static MountPoint namedVolume(String name, String dest, String mode) {
        return new MountPoint(MountPoint.Type.VOLUME, MountPoint.Origin.BIND, "", dest, mode.contains("ro"), name, "", mode, "",
            !mode.contains("nocopy"), false, Map.of(), Map.of(), 0, null, false);
    }

    private static MountPoint bind(String source, String dest, MountPoint.Origin origin, boolean ro) {
        return new MountPoint(MountPoint.Type.BIND, origin, source, dest, ro, "", "", ro ? "ro" : "", "", false, false,
            Map.of(), Map.of(), 0, null, false);
    }

    private Container container(String name, Set<String> anonymous, MountConfig mc) {
        Container c = Fixtures.container(name, ContainerState.CREATED, Instant.now(), Map.of());
        c = new Container(c.id(), c.name(), c.created(), c.path(), c.args(), c.config().withVolumes(anonymous),
            c.hostConfig().withMountConfig(mc), c.imageId(), c.state(), null, null, 0, false, c.logPath());
        containers.put(name, c);
        return c;
    }

    private Container created(String name, Set<String> anonymous, MountConfig mc) {
        Container c = container(name, anonymous, mc);
        Container r = c.withHostConfig(mounts.resolve(c.id(), c.config().volumes(), c.hostConfig(), this::lookup));
        containers.put(name, r);
        return r;
    }

    private Container lookup(String name) {
        Container c = containers.get(name);
        if (c == null) throw new BerthException.NotFound("No such container: " + name);
        return c;
    }

    private static MountConfig config(MountPoint... m) {
        return new MountConfig(List.of(m), List.of(), "", Map.of(), 0);
    }

    @Test
    void createsNamedAndAnonymousVolumesAndRegistersTheContainer() {
        Container c = created("a", Set.of("/anon", "/n"), config(namedVolume("data", "/n", "")));
        List<MountPoint> m = c.hostConfig().mountConfig().mounts();
        assertThat(m).extracting(MountPoint::destination).containsExactly("/anon", "/n");
        assertThat(m.get(0).name()).matches("[0-9a-f]{64}");
        assertThat(m.get(0).anonymous()).isTrue();
        assertThat(m.get(0).mode()).isEmpty();
        assertThat(m.get(1).name()).isEqualTo("data");
        assertThat(m.get(1).mode()).isEqualTo("z");
        assertThat(m.get(1).driver()).isEqualTo("local");
        assertThat(m.get(1).source()).isEqualTo("/fake/data");
        assertThat(volumes.usedBy("data")).containsExactly(c.id());
        assertThat(volumes.inspect(m.get(0).name()).labels()).containsKey(Volume.ANONYMOUS_LABEL);
        assertThatThrownBy(() -> volumes.remove("data", false)).isInstanceOf(BerthException.Conflict.class)
            .hasMessage("remove data: volume is in use - [" + c.id() + "]");
    }

    @Test
    void removeReleasesVolumesAndDeletesOnlyAnonymousOnesWhenAsked() {
        Container c = created("a", Set.of("/anon"), config(namedVolume("keep", "/k", "")));
        String anon = c.hostConfig().mountConfig().mounts().getFirst().name();
        mounts.remove(c, true);
        assertThat(local.volumes).containsOnlyKeys("keep");
        assertThat(volumes.usedBy("keep")).isEmpty();
        Container d = created("b", Set.of("/anon"), MountConfig.NONE);
        mounts.remove(d, false);
        assertThat(local.volumes).hasSize(2);
        assertThat(anon).isNotEmpty();
    }

    @Test
    void duplicateDestinationsAndMissingMountSourcesAreRefused() {
        assertThatThrownBy(() -> created("a", Set.of(), config(namedVolume("x1", "/a", ""), namedVolume("y1", "/a", ""))))
            .isInstanceOf(BerthException.InvalidArgument.class).hasMessage("Duplicate mount point: /a");
        assertThatThrownBy(() -> created("b", Set.of(), config(bind("/no/such/dir", "/x", MountPoint.Origin.MOUNT, false))))
            .isInstanceOf(BerthException.InvalidArgument.class)
            .hasMessage("invalid mount config for type \"bind\": bind source path does not exist: /no/such/dir");
        assertThat(volumes.usedBy("x1")).isEmpty();
    }

    @Test
    void aFailedCreateLeavesNoUserAndNoAnonymousVolume() {
        MountConfig mc = new MountConfig(List.of(namedVolume("ok", "/ok", "")), List.of(new MountConfig.VolumesFrom("nosuch", "")),
            "", Map.of(), 0);
        assertThatThrownBy(() -> created("a", Set.of("/anon"), mc)).isInstanceOf(BerthException.InvalidArgument.class)
            .hasMessage("No such container: nosuch");
        MountConfig badDriver = new MountConfig(List.of(namedVolume("ok2", "/ok", "")), List.of(), "nosuch", Map.of(), 0);
        assertThatThrownBy(() -> created("b", Set.of("/anon"), badDriver)).isInstanceOf(BerthException.NotFound.class);
        assertThat(local.volumes).isEmpty();
    }

    @Test
    void volumesFromCopiesTheMountsWithTheGivenModeAndOwnMountsWin() {
        Container data = created("data", Set.of("/db"), config(bind(tmp.toString(), "/h", MountPoint.Origin.BIND, false)));
        String vol = data.hostConfig().mountConfig().mounts().getFirst().name();
        Container user = created("user", Set.of(), new MountConfig(List.of(namedVolume("own", "/h", "")),
            List.of(new MountConfig.VolumesFrom("data", "ro")), "", Map.of(), 0));
        List<MountPoint> m = user.hostConfig().mountConfig().mounts();
        assertThat(m).extracting(MountPoint::destination).containsExactly("/db", "/h");
        assertThat(m.get(0).name()).isEqualTo(vol);
        assertThat(m.get(0).readOnly()).isTrue();
        assertThat(m.get(0).origin()).isEqualTo(MountPoint.Origin.VOLUMES_FROM);
        assertThat(m.get(0).copyData()).isFalse();
        assertThat(m.get(1).name()).isEqualTo("own");
        assertThat(volumes.usedBy(vol)).containsExactlyInAnyOrder(data.id(), user.id());
        mounts.remove(user, true); // the data container still uses it: kept
        assertThat(local.volumes).containsKey(vol);
    }

    @Test
    void startMountsVolumesPerContainerAndCreatesMissingBindSources() {
        Path missing = tmp.resolve("made/by/v");
        Container c = created("a", Set.of(), config(namedVolume("data", "/d", "ro"), bind(missing.toString(), "/b", MountPoint.Origin.BIND, false),
            new MountPoint(MountPoint.Type.TMPFS, MountPoint.Origin.MOUNT, "", "/t", false, "", "", "", "", false, false, Map.of(),
                Map.of(), 1 << 20, 0700, false)));
        var mounted = mounts.mount(c);
        assertThat(Files.isDirectory(missing)).isTrue();
        assertThat(local.mounted).containsEntry("data", 1);
        assertThat(mounted.mounts()).containsExactly(
            new RuntimeSpec.Mount("/b", "bind", missing.toString(), List.of("rbind", "rw", "rprivate")),
            new RuntimeSpec.Mount("/d", "bind", "/fake/data", List.of("rbind", "ro", "rprivate")),
            new RuntimeSpec.Mount("/t", "tmpfs", "tmpfs", List.of("noexec", "nosuid", "nodev", "size=1048576", "mode=700")));
        mounts.unmount(c);
        mounts.unmount(c); // idempotent
        assertThat(local.mounted).doesNotContainKey("data");
    }

    @Test
    void restoreRegistersUsersAgainAndLiveMounts() {
        Container c = created("a", Set.of(), config(namedVolume("data", "/d", "")));
        VolumeService fresh = new VolumeService(new VolumeDrivers() {
            @Override public VolumeDriver get(String name) { return local; }
            @Override public List<VolumeDriver> available(List<String> warnings) { return List.of(local); }
        }, new Store(), new EventBus(Clock.systemUTC()), Clock.systemUTC());
        var after = new ContainerMounts(fresh, null, MountPropagation.host());
        Container running = c.withState(new ContainerState.Running(1));
        after.restore(running);
        assertThat(fresh.usedBy("data")).containsExactly(c.id());
        assertThat(local.mounted).containsEntry("data", 1);
        after.unmount(running);
        assertThat(local.mounted).doesNotContainKey("data");
    }

    @Test
    void copyPathsBelowAMountAreResolvedInItsSource() {
        Container c = created("a", Set.of(), config(namedVolume("data", "/data", ""), namedVolume("deep", "/data/deep", "ro")));
        Map<String, String> sources = mounts.mountForCopy(c);
        assertThat(sources).containsEntry("/data", "/fake/data").containsEntry("/data/deep", "/fake/deep");
        assertThat(local.mounted).containsEntry("data", 1);
        Path rootfs = Path.of("/rootfs");
        assertThat(ContainerMounts.locate(rootfs, c, sources, "/etc/passwd")).isEqualTo(new ContainerMounts.Located(rootfs, "/etc/passwd", null, null));
        var inside = ContainerMounts.locate(rootfs, c, sources, "/data/x/y/");
        assertThat(inside.root()).isEqualTo(Path.of("/fake/data"));
        assertThat(inside.path()).isEqualTo("/x/y/");
        assertThat(inside.name()).isNull();
        var point = ContainerMounts.locate(rootfs, c, sources, "/data/");
        assertThat(point.path()).isEqualTo("/");
        assertThat(point.name()).isEqualTo("data");
        var contents = ContainerMounts.locate(rootfs, c, sources, "/data/.");
        assertThat(contents.path()).isEqualTo("/.");
        assertThat(contents.name()).isNull();
        var nested = ContainerMounts.locate(rootfs, c, sources, "/data/deep/f");
        assertThat(nested.root()).isEqualTo(Path.of("/fake/deep"));
        assertThat(nested.mount().readOnly()).isTrue();
        assertThat(ContainerMounts.locate(rootfs, c, sources, "/database").root()).isEqualTo(rootfs);
        mounts.unmount(c);
        assertThat(local.mounted).doesNotContainKey("data");
    }

    @Test
    void userMountsReplaceGeneratedFiles() {
        RuntimeSpec spec = RuntimeSpec.of(Path.of("/r"), List.of("true"))
            .withMounts(List.of(RuntimeSpec.Mount.bind("/gen/hosts", "/etc/hosts", false), RuntimeSpec.Mount.bind("/gen/hostname", "/etc/hostname", false)));
        var user = new RuntimeSpec.Mount("/etc/hosts", "bind", "/mine", List.of("rbind", "ro", "rprivate"));
        assertThat(ContainerMounts.addTo(spec, List.of(user)).mounts()).extracting(RuntimeSpec.Mount::source)
            .containsExactly("/gen/hostname", "/mine");
    }

    @Test
    void sharedOrSlaveBindsSetTheRootPropagation() {
        var priv = new RuntimeSpec.Mount("/a", "bind", "/a", List.of("rbind", "rw", "rprivate"));
        var slave = new RuntimeSpec.Mount("/b", "bind", "/b", List.of("rbind", "rw", "rslave"));
        var shared = new RuntimeSpec.Mount("/c", "bind", "/c", List.of("rbind", "rw", "rshared"));
        assertThat(ContainerMounts.rootPropagation(List.of(priv))).isNull();
        assertThat(ContainerMounts.rootPropagation(List.of(priv, slave))).isEqualTo("rslave");
        assertThat(ContainerMounts.rootPropagation(List.of(slave, shared))).isEqualTo("rshared");
        RuntimeSpec spec = ContainerMounts.addTo(RuntimeSpec.of(Path.of("/r"), List.of("true")), List.of(shared));
        assertThat(spec.root().propagation()).isEqualTo("rshared");
    }

    @Test
    void sharedPropagationNeedsASharedHostMount() throws Exception {
        Path info = Files.writeString(tmp.resolve("mountinfo"), """
            22 1 8:1 / / rw,relatime - ext4 /dev/vda rw
            30 22 0:5 / %s rw shared:7 - tmpfs tmpfs rw
            """.formatted(tmp.resolve("shared")));
        Files.createDirectories(tmp.resolve("shared/x"));
        var p = new MountPropagation(info);
        p.check(tmp.resolve("shared/x"), "rshared");
        p.check(tmp.resolve("shared/x"), "rslave");
        p.check(tmp, "rprivate");
        assertThatThrownBy(() -> p.check(tmp, "rslave")).isInstanceOf(BerthException.InvalidArgument.class)
            .hasMessage("path " + tmp + " is mounted on / but it is not a shared or slave mount");
        assertThatThrownBy(() -> p.check(tmp, "rshared")).hasMessage("path " + tmp + " is mounted on / but it is not a shared mount");
    }

    /** The local driver in memory: mountpoints {@code /fake/<name>}, mount counts per volume. */
    static final class Driver implements VolumeDriver {
        final Map<String, DriverVolume> volumes = new ConcurrentHashMap<>();
        final Map<String, Integer> mounted = new ConcurrentHashMap<>();

        @Override public String name() { return "local"; }
        @Override public DriverVolume create(String n, Map<String, String> opts) {
            return volumes.computeIfAbsent(n, k -> new DriverVolume(k, "/fake/" + k, Instant.now(), Map.of()));
        }
        @Override public void remove(String n) {
            if (volumes.remove(n) == null) throw new BerthException.NotFound("no such volume");
        }
        @Override public String mount(String n, String caller) {
            mounted.merge(n, 1, Integer::sum);
            return get(n).mountpoint();
        }
        @Override public void unmount(String n, String caller) { mounted.computeIfPresent(n, (k, v) -> v > 1 ? v - 1 : null); }
        @Override public String path(String n) { return get(n).mountpoint(); }
        @Override public DriverVolume get(String n) {
            DriverVolume v = volumes.get(n);
            if (v == null) throw new BerthException.NotFound("no such volume");
            return v;
        }
        @Override public List<DriverVolume> list() { return new ArrayList<>(volumes.values()); }
        @Override public Volume.Scope scope() { return Volume.Scope.LOCAL; }
    }

    static final class Store implements VolumeStore {
        private final Map<String, VolumeRecord> records = new ConcurrentHashMap<>();
        @Override public Map<String, VolumeRecord> load() { return Map.copyOf(records); }
        @Override public void put(VolumeRecord r) { records.put(r.name(), r); }
        @Override public void delete(String name) { records.remove(name); }
    }
}
