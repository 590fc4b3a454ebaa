package dev.berth.core.volume;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.berth.common.error.BerthException;
import dev.berth.core.event.Event;
import dev.berth.core.event.EventBus;
import dev.berth.core.filter.Filters;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class VolumeServiceTest {
    private final FakeDriver local = new FakeDriver("local");
    private final FakeDriver plugin = new FakeDriver("plug");
    private final Map<String, VolumeStore.VolumeRecord> saved = new HashMap<>();
    private final EventBus events = new EventBus(Clock.fixed(Instant.parse("2024-01-01T00:00:00Z"), ZoneOffset.UTC));
    private final List<Event> seen = new ArrayList<>();
    private boolean pluginDown;
    private final VolumeDrivers drivers = new VolumeDrivers() {
        @Override public VolumeDriver get(String name) {
            if (name.equals("local")) return local;
            if (name.equals("plug")) {
                if (pluginDown) throw new BerthException.Unavailable("plugin \"plug\" is down");
                return plugin;
            }
            throw new BerthException.NotFound("error looking up volume plugin " + name + ": plugin \"" + name + "\" not found");
        }

        @Override public List<VolumeDriver> available(List<String> warnings) {
            if (pluginDown) {
                warnings.add("plug: down");
                return List.of(local);
            }
            return List.of(local, plugin);
        }
    };
    private final VolumeStore store = new VolumeStore() {
        @Override public Map<String, VolumeRecord> load() { return Map.copyOf(saved); }
        @Override public void put(VolumeRecord r) { saved.put(r.name(), r); }
        @Override public void delete(String name) { saved.remove(name); }
    };
    private final VolumeService service = newService();

    private VolumeService newService() {
        events.subscribe(Long.MAX_VALUE, seen::add);
        return new VolumeService(drivers, store, events, Clock.systemUTC());
    }

    @Test
    void createStoresLabelsAndOptionsAndPublishesAnEvent() {
        var v = service.create(new VolumeService.CreateRequest("data", "", Map.of("o", "x"), Map.of("k", "v")));
        assertThat(v.driver()).isEqualTo("local");
        assertThat(v.labels()).containsEntry("k", "v");
        assertThat(v.options()).containsEntry("o", "x");
        assertThat(saved).containsKey("data");
        assertThat(seen).extracting(Event::action).containsExactly("create");
        assertThat(seen.getFirst().attributes()).containsEntry("driver", "local");
    }

    @Test
    void anonymousVolumesGetAHexNameAndTheAnonymousLabel() {
        var v = service.create(new VolumeService.CreateRequest("", null, null, null));
        assertThat(v.name()).matches("[0-9a-f]{64}");
        assertThat(v.labels()).containsKey(Volume.ANONYMOUS_LABEL);
    }

    @Test
    void sameNameAgainReturnsTheExistingVolumeButAnotherDriverIsAConflict() {
        service.create(new VolumeService.CreateRequest("data", "", Map.of(), Map.of("a", "1")));
        assertThat(service.create(new VolumeService.CreateRequest("data", "local", Map.of(), Map.of())).labels()).containsEntry("a", "1");
        assertThatThrownBy(() -> service.create(new VolumeService.CreateRequest("data", "plug", Map.of(), Map.of())))
            .isInstanceOf(BerthException.Conflict.class).hasMessage("create data: volume name must be unique");
        assertThatThrownBy(() -> service.create(new VolumeService.CreateRequest("data", "nosuch", Map.of(), Map.of())))
            .isInstanceOf(BerthException.NotFound.class)
            .hasMessage("create data: error looking up volume plugin nosuch: plugin \"nosuch\" not found");
    }

    @Test
    void listMergesDriversAndFilters() {
        service.create(new VolumeService.CreateRequest("alpha", "", Map.of(), Map.of("team", "a")));
        service.create(new VolumeService.CreateRequest("beta", "plug", Map.of(), Map.of()));
        plugin.volumes.put("outside", new VolumeDriver.DriverVolume("outside", "/x", null, Map.of()));
        assertThat(service.list(Filters.NONE).volumes()).extracting(Volume::name).containsExactly("alpha", "beta", "outside");
        assertThat(names(Map.of("driver", List.of("plug")))).containsExactly("beta", "outside");
        assertThat(names(Map.of("label", List.of("team=a")))).containsExactly("alpha");
        assertThat(names(Map.of("name", List.of("ph")))).containsExactly("alpha");
        service.addUser("alpha", "c1");
        assertThat(names(Map.of("dangling", List.of("true")))).containsExactly("beta", "outside");
        assertThatThrownBy(() -> names(Map.of("dangling", List.of("x")))).hasMessage("Invalid filter 'dangling=x'");
        assertThatThrownBy(() -> names(Map.of("foo", List.of("x")))).isInstanceOf(BerthException.InvalidArgument.class);
    }

    @Test
    void aDownPluginBecomesAWarningAndTheRestIsListed() {
        service.create(new VolumeService.CreateRequest("alpha", "", Map.of(), Map.of()));
        pluginDown = true;
        var result = service.list(Filters.NONE);
        assertThat(result.volumes()).extracting(Volume::name).containsExactly("alpha");
        assertThat(result.warnings()).containsExactly("plug: down");
    }

    @Test
    void removeRefusesVolumesInUseWithDockerdsWording() {
        service.create(new VolumeService.CreateRequest("data", "", Map.of(), Map.of()));
        service.addUser("data", "c1");
        service.mount("data", "c2");
        assertThatThrownBy(() -> service.remove("data", false)).isInstanceOf(BerthException.Conflict.class)
            .hasMessage("remove data: volume is in use - [c1 c2]");
        service.unmount("data", "c2");
        service.removeUser("data", "c1");
        service.remove("data", false);
        assertThat(saved).isEmpty();
        assertThat(seen).extracting(Event::action).containsExactly("create", "mount", "unmount", "destroy");
        assertThatThrownBy(() -> service.remove("data", false)).isInstanceOf(BerthException.NotFound.class)
            .hasMessage("get data: no such volume");
        service.remove("data", true);
    }

    @Test
    void mountsAreCountedPerContainer() {
        service.create(new VolumeService.CreateRequest("data", "", Map.of(), Map.of()));
        assertThat(service.mount("data", "c1")).isEqualTo("/fake/data");
        service.mount("data", "c1");
        service.mount("data", "c2");
        assertThat(local.mountCalls).containsExactly("data/c1", "data/c2");
        service.unmount("data", "c1");
        assertThat(local.unmountCalls).isEmpty();
        service.unmount("data", "c1");
        assertThat(local.unmountCalls).containsExactly("data/c1");
        assertThat(service.usedBy("data")).containsExactly("c2");
        service.unmount("data", "c9"); // never mounted: no-op
    }

    @Test
    void pruneTakesOnlyUnusedLocalVolumesAndByDefaultOnlyAnonymousOnes() {
        service.create(new VolumeService.CreateRequest("named", "", Map.of(), Map.of("keep", "no")));
        var anon = service.create(new VolumeService.CreateRequest("", "", Map.of(), Map.of()));
        service.create(new VolumeService.CreateRequest("used", "", Map.of(), Map.of()));
        service.create(new VolumeService.CreateRequest("remote", "plug", Map.of(), Map.of()));
        service.addUser("used", "c1");
        assertThat(service.prune(Filters.NONE, true).deleted()).containsExactly(anon.name());
        assertThat(service.prune(new Filters(Map.of("label!", List.of("keep=no"))), false).deleted()).isEmpty();
        assertThat(service.prune(new Filters(Map.of("label", List.of("keep"))), false).deleted()).containsExactly("named");
        assertThat(service.list(Filters.NONE).volumes()).extracting(Volume::name).containsExactly("remote", "used");
    }

    @Test
    void recordsAreReloaded() {
        service.create(new VolumeService.CreateRequest("data", "", Map.of(), Map.of("k", "v")));
        var again = new VolumeService(drivers, store, events, Clock.systemUTC());
        assertThat(again.inspect("data").labels()).containsEntry("k", "v");
    }

    private List<String> names(Map<String, List<String>> filters) {
        return service.list(new Filters(filters)).volumes().stream().map(Volume::name).toList();
    }

    static final class FakeDriver implements VolumeDriver {
        final String name;
        final Map<String, DriverVolume> volumes = new java.util.TreeMap<>();
        final List<String> mountCalls = new ArrayList<>();
        final List<String> unmountCalls = new ArrayList<>();

        FakeDriver(String name) { this.name = name; }

        @Override public String name() { return name; }
        @Override public DriverVolume create(String n, Map<String, String> opts) {
            return volumes.computeIfAbsent(n, k -> new DriverVolume(k, "/fake/" + k, null, Map.of()));
        }
        @Override public void remove(String n) { if (volumes.remove(n) == null) throw new BerthException.NotFound("no such volume"); }
        @Override public String mount(String n, String caller) { mountCalls.add(n + "/" + caller); return get(n).mountpoint(); }
        @Override public void unmount(String n, String caller) { unmountCalls.add(n + "/" + caller); }
        @Override public String path(String n) { return get(n).mountpoint(); }
        @Override public DriverVolume get(String n) {
            DriverVolume v = volumes.get(n);
            if (v == null) throw new BerthException.NotFound("no such volume");
            return v;
        }
        @Override public List<DriverVolume> list() { return List.copyOf(volumes.values()); }
        @Override public Volume.Scope scope() { return Volume.Scope.LOCAL; }
    }
}
