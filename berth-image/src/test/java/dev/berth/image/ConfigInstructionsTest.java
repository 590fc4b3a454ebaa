package dev.berth.image;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.berth.common.error.BerthException;
import dev.berth.core.image.ImageConfig;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ConfigInstructionsTest {
    @Test
    void execAndShellForms() {
        ImageConfig c = ConfigInstructions.apply(ImageConfig.EMPTY, List.of("CMD echo hi there", "entrypoint [\"/init\"]"));
        assertThat(c.cmd()).containsExactly("/bin/sh", "-c", "echo hi there");
        assertThat(c.entrypoint()).containsExactly("/init");
    }

    @Test
    void entrypointWithoutCmdDropsInheritedCmd() {
        ImageConfig base = ImageConfig.EMPTY.withCmd(List.of("sh"));
        assertThat(ConfigInstructions.apply(base, List.of("ENTRYPOINT [\"/x\"]")).cmd()).isNull();
    }

    @Test
    void envLabelLegacyAndQuoted() {
        ImageConfig c = ConfigInstructions.apply(ImageConfig.EMPTY.withEnv(List.of("A=old", "PATH=/bin")),
            List.of("ENV A=new C='single q'", "ENV LEGACY value with spaces", "LABEL a=\"b c\" d=e"));
        assertThat(c.env()).containsExactly("PATH=/bin", "A=new", "C=single q", "LEGACY=value with spaces");
        assertThat(c.labels()).containsEntry("a", "b c").containsEntry("d", "e");
    }

    /**
     * Pins how --change has always read words, where dockerd reads them differently: no variable
     * expansion, a backslash escapes anything inside double quotes, quotes are removed before a
     * word is split at its first =, and a legacy value of several words is kept as written.
     */
    @Test
    void wordsAreReadLiterally() {
        ImageConfig c = ConfigInstructions.apply(ImageConfig.EMPTY, List.of(
            "ENV A=\"a\\qb\" B=$HOME C=\\$D E=${F:-x}", "ENV G \"x\" y", "ENV H \"x y\"", "LABEL \"k=v\"=w", "EXPOSE \"80\""));
        assertThat(c.env()).containsExactly("A=aqb", "B=$HOME", "C=$D", "E=${F:-x}", "G=\"x\" y", "H=x y");
        assertThat(c.labels()).containsExactly(Map.entry("k", "v=w"));
        assertThat(c.exposedPorts()).containsExactly("80/tcp");
        assertThatThrownBy(() -> ConfigInstructions.apply(ImageConfig.EMPTY, List.of("LABEL a=\"b")))
            .isInstanceOf(BerthException.InvalidArgument.class)
            .hasMessage("unexpected end of statement while looking for matching \"");
        assertThatThrownBy(() -> ConfigInstructions.apply(ImageConfig.EMPTY, List.of("LABEL a=b c")))
            .isInstanceOf(BerthException.InvalidArgument.class)
            .hasMessage("Syntax error - can't find = in \"c\". Must be of the form: name=value");
    }

    @Test
    void exposeVolumeWorkdirOnbuildHealthcheck() {
        ImageConfig c = ConfigInstructions.apply(ImageConfig.EMPTY, List.of(
            "EXPOSE 80 8000-8001/UDP", "VOLUME [\"/a\", \"/b\"]", "VOLUME /c /d", "WORKDIR /srv", "WORKDIR app/../web",
            "ONBUILD run make", "HEALTHCHECK --interval=1m30s --retries=3 CMD curl -f localhost", "STOPSIGNAL 9"));
        assertThat(c.exposedPorts()).containsExactly("80/tcp", "8000/udp", "8001/udp");
        assertThat(c.volumes()).containsExactly("/a", "/b", "/c", "/d");
        assertThat(c.workingDir()).isEqualTo("/srv/web");
        assertThat(c.onBuild()).containsExactly("RUN make");
        assertThat(c.healthcheck().test()).containsExactly("CMD-SHELL", "curl -f localhost");
        assertThat(c.healthcheck().interval()).isEqualTo(Duration.ofSeconds(90));
        assertThat(c.healthcheck().retries()).isEqualTo(3);
        assertThat(c.stopSignal()).isEqualTo("9");
    }

    @Test
    void rejectsInstructionsThatNeedABuild() {
        assertThatThrownBy(() -> ConfigInstructions.apply(ImageConfig.EMPTY, List.of("RUN make")))
            .isInstanceOf(BerthException.InvalidArgument.class).hasMessage("run is not a valid change command");
        assertThatThrownBy(() -> ConfigInstructions.apply(ImageConfig.EMPTY, List.of("ONBUILD ONBUILD RUN x")))
            .isInstanceOf(BerthException.InvalidArgument.class);
    }
}
