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
     * Words as dockerd 20.10's commit reads them (its output for these changes, recorded): the
     * Dockerfile lexer, variables from the config's environment, a backslash before an ordinary
     * character kept inside double quotes, a legacy value of several words unquoted.
     */
    @Test
    void wordsAreReadAsDockerdReadsThem() {
        ImageConfig c = ConfigInstructions.apply(ImageConfig.EMPTY, List.of(
            "ENV A=\"a\\qb\" B=$HOME C=\\$D E=${F:-x}", "ENV G \"x\" y", "ENV H \"x y\"", "LABEL \"k v\"=w", "EXPOSE \"80\""));
        assertThat(c.env()).containsExactly("A=a\\qb", "B=", "C=$D", "E=x", "G=x y", "H=x y");
        assertThat(c.labels()).containsExactly(Map.entry("k v", "w"));
        assertThat(c.exposedPorts()).containsExactly("80/tcp");
        assertThatThrownBy(() -> ConfigInstructions.apply(ImageConfig.EMPTY, List.of("LABEL a=\"b")))
            .isInstanceOf(BerthException.InvalidArgument.class)
            .hasMessage("failed to process \"\\\"b\": unexpected end of statement while looking for matching double-quote");
        assertThatThrownBy(() -> ConfigInstructions.apply(ImageConfig.EMPTY, List.of("LABEL a=b c")))
            .isInstanceOf(BerthException.InvalidArgument.class)
            .hasMessage("Syntax error - can't find = in \"c\". Must be of the form: name=value");
    }

    /** dockerd 20.10 for a container created with {@code -e B=base} (recorded). */
    @Test
    void variablesExpandFromTheContainersEnvironmentAndEarlierChanges() {
        ImageConfig c = ConfigInstructions.apply(ImageConfig.EMPTY.withEnv(List.of("B=base")), List.of(
            "ENV A=\"x y\" D=\"a\\b\" E=a\\$B F='$B' G=\"${B}x\" H=${NOPE:-dflt}", "ENV C $B-1", "LABEL l=$B",
            "EXPOSE ${P:-81}", "USER $B", "VOLUME [\"/x/$B\"]", "WORKDIR /a/$A", "ONBUILD RUN echo $B", "CMD echo $B",
            "HEALTHCHECK CMD echo $B"));
        assertThat(c.env()).containsExactly("B=base", "A=x y", "D=a\\b", "E=a$B", "F=$B", "G=basex", "H=dflt", "C=base-1");
        assertThat(c.labels()).containsExactly(Map.entry("l", "base"));
        assertThat(c.exposedPorts()).containsExactly("81/tcp");
        assertThat(c.user()).isEqualTo("base");
        assertThat(c.volumes()).containsExactly("/x/base");
        assertThat(c.workingDir()).isEqualTo("/a/x y");
        assertThat(c.onBuild()).containsExactly("RUN echo $B");
        assertThat(c.cmd()).containsExactly("/bin/sh", "-c", "echo $B");
        assertThat(c.healthcheck().test()).containsExactly("CMD-SHELL", "echo $B");
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
