package dev.berth.api.mappers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.berth.api.types.Mount;
import dev.berth.common.error.BerthException;
import dev.berth.core.container.MountConfig;
import dev.berth.core.container.MountPoint;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Expected messages are dockerd 20.10's answers to the same requests. */
class MountMapperTest {

    @Test
    void bindStringsBecomeVolumesOrBinds() {
        MountPoint named = MountMapper.bind("data:/var/lib/x/");
        assertThat(named.type()).isEqualTo(MountPoint.Type.VOLUME);
        assertThat(named.name()).isEqualTo("data");
        assertThat(named.destination()).isEqualTo("/var/lib/x");
        assertThat(named.copyData()).isTrue();
        assertThat(named.anonymous()).isFalse();

        MountPoint nocopy = MountMapper.bind("data:/x:ro,nocopy");
        assertThat(nocopy.readOnly()).isTrue();
        assertThat(nocopy.copyData()).isFalse();
        assertThat(nocopy.mode()).isEqualTo("ro,nocopy");

        MountPoint bind = MountMapper.bind("/host/dir:/c:ro,rshared");
        assertThat(bind.type()).isEqualTo(MountPoint.Type.BIND);
        assertThat(bind.source()).isEqualTo("/host/dir");
        assertThat(bind.readOnly()).isTrue();
        assertThat(bind.propagation()).isEqualTo("rshared");
        assertThat(bind.effectivePropagation()).isEqualTo("rshared");
        assertThat(MountMapper.bind("/h:/c").effectivePropagation()).isEqualTo("rprivate");

        MountPoint anon = MountMapper.bind("/only/dest");
        assertThat(anon.anonymous()).isTrue();
        assertThat(anon.type()).isEqualTo(MountPoint.Type.VOLUME);
    }

    @Test
    void badBindStringsAreRefusedWithDockerdsWording() {
        assertInvalid(() -> MountMapper.bind("relative:/x:bad"), "invalid mode: bad");
        assertInvalid(() -> MountMapper.bind("/tmp:/x:rw,ro"), "invalid mode: rw,ro");
        assertInvalid(() -> MountMapper.bind("/a:/b:c:d"), "invalid volume specification: '/a:/b:c:d'");
        assertInvalid(() -> MountMapper.bind("/x:relative"), "invalid volume specification: '/x:relative': invalid mount config for type "
            + "\"bind\": invalid mount path: 'relative' mount path must be absolute");
        assertInvalid(() -> MountMapper.bind("v1:/"), "invalid volume specification: 'v1:/': invalid mount config for type "
            + "\"volume\": invalid specification: destination can't be '/'");
        assertInvalid(() -> MountMapper.bind("xy:/x:rshared"), "invalid volume specification: 'xy:/x:rshared': invalid mount config "
            + "for type \"volume\": field BindOptions must not be specified");
        assertInvalid(() -> MountMapper.bind("/x:ro"), "invalid volume specification: '/x:ro'");
        assertInvalid(() -> MountMapper.checkAnonymousVolumes(java.util.List.of("/ok", "data")), "invalid volume specification: 'data': "
            + "invalid mount config for type \"volume\": invalid mount path: 'data' mount path must be absolute");
    }

    @Test
    void mountsAreCheckedPerType() {
        assertInvalid(() -> MountMapper.mount(new Mount("npipe", "/tmp", "/x", false, null, null, null, null)),
            "invalid mount config for type \"npipe\": mount type unknown");
        assertInvalid(() -> MountMapper.mount(new Mount("bind", null, "/x", false, null, null, null, null)),
            "invalid mount config for type \"bind\": field Source must not be empty");
        assertInvalid(() -> MountMapper.mount(new Mount("tmpfs", "foo", "/x", false, null, null, null, null)),
            "invalid mount config for type \"tmpfs\": field Source must not be specified");
        assertInvalid(() -> MountMapper.mount(new Mount("volume", "v", "/x", false, null, new Mount.BindOptions("rshared", false, false), null, null)),
            "invalid mount config for type \"volume\": field BindOptions must not be specified");
        assertInvalid(() -> MountMapper.mount(new Mount("volume", "v", "x", false, null, null, null, null)),
            "invalid mount config for type \"volume\": invalid mount path: 'x' mount path must be absolute");

        var driver = new Mount.DriverConfig("plug", Map.of("note", "hi"));
        MountPoint v = MountMapper.mount(new Mount("volume", "", "/v", true, null, null,
            new Mount.VolumeOptions(true, Map.of("a", "b"), driver, null), null));
        assertThat(v.anonymous()).isTrue();
        assertThat(v.driver()).isEqualTo("plug");
        assertThat(v.driverOptions()).containsEntry("note", "hi");
        assertThat(v.labels()).containsEntry("a", "b");
        assertThat(v.copyData()).isFalse();
        assertThat(v.readOnly()).isTrue();

        MountPoint t = MountMapper.mount(new Mount("tmpfs", null, "/t", false, null, null, null, new Mount.TmpfsOptions(1 << 20, 01777)));
        assertThat(t.tmpfsSize()).isEqualTo(1 << 20);
        assertThat(t.tmpfsMode()).isEqualTo(01777);
    }

    @Test
    void volumesFromAndStorageOpt() {
        assertThat(MountMapper.volumesFrom("data:ro")).isEqualTo(new MountConfig.VolumesFrom("data", "ro"));
        assertThat(MountMapper.volumesFrom("data").readOnly()).isNull();
        assertInvalid(() -> MountMapper.volumesFrom("data:xx"), "invalid mode: xx");
        assertThat(MountMapper.storageSize(Map.of("size", "20m"))).isEqualTo(20L << 20);
        assertThat(MountMapper.storageSize(Map.of("size", "1G"))).isEqualTo(1L << 30);
        assertInvalid(() -> MountMapper.storageSize(Map.of("foo", "1")), "Unknown option foo");
        assertInvalid(() -> MountMapper.storageSize(Map.of("size", "abc")), "invalid size: 'abc'");
    }

    private static void assertInvalid(org.assertj.core.api.ThrowableAssert.ThrowingCallable call, String message) {
        assertThatThrownBy(call).isInstanceOf(BerthException.InvalidArgument.class).hasMessage(message);
    }
}
