package dev.berth.core.image;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.berth.common.error.BerthException;
import org.junit.jupiter.api.Test;

class ImageReferenceTest {

    @Test
    void officialImageIsNormalisedUnderLibrary() {
        var ref = ImageReference.parse("busybox").withDefaultTag();
        assertThat(ref.toString()).isEqualTo("docker.io/library/busybox:latest");
        assertThat(ref.familiarString()).isEqualTo("busybox:latest");
    }

    @Test
    void registryWithPortIsADomain() {
        var ref = ImageReference.parse("localhost:5000/team/app:1.0");
        assertThat(ref.domain()).isEqualTo("localhost:5000");
        assertThat(ref.path()).isEqualTo("team/app");
        assertThat(ref.tag()).isEqualTo("1.0");
        assertThat(ref.familiarString()).isEqualTo("localhost:5000/team/app:1.0");
    }

    @Test
    void userRepositoryKeepsItsPath() {
        var ref = ImageReference.parse("me/app");
        assertThat(ref.familiarRepository()).isEqualTo("me/app");
        assertThat(ref.tag()).isNull();
    }

    @Test
    void digestReferenceParses() {
        String d = "sha256:" + "a".repeat(64);
        var ref = ImageReference.parse("127.0.0.1:5000/app@" + d);
        assertThat(ref.digest().toString()).isEqualTo(d);
        assertThat(ref.tag()).isNull();
    }

    @Test
    void uppercaseRepositoryIsRejectedWithDockersWording() {
        assertThatThrownBy(() -> ImageReference.parse("BusyBox"))
            .isInstanceOf(BerthException.InvalidArgument.class)
            .hasMessageContaining("must be lowercase");
    }

    @Test
    void garbageIsRejected() {
        assertThatThrownBy(() -> ImageReference.parse("a b")).isInstanceOf(BerthException.InvalidArgument.class);
        assertThatThrownBy(() -> ImageReference.parse("app:")).isInstanceOf(BerthException.InvalidArgument.class);
        assertThatThrownBy(() -> ImageReference.parse("")).isInstanceOf(BerthException.InvalidArgument.class);
    }
}
