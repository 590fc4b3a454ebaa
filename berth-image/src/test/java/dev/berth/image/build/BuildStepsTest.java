package dev.berth.image.build;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.berth.common.error.BerthException;
import dev.berth.core.image.ImageConfig;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The metadata instructions, the Cmd each step records (as dockerd 20.10 records it) and the build plan. */
class BuildStepsTest {
    private static final List<String> SH = List.of("/bin/sh", "-c");

    private static Instruction in(String line) {
        return DockerfileParser.instruction(line, 1);
    }

    private static StageState stage() {
        return new StageState(null, null, false, ImageConfig.EMPTY);
    }

    @Test
    void everyStageGetsAPath() {
        assertThat(stage().config.env()).containsExactly(StageState.DEFAULT_PATH);
        var withPath = new StageState(null, null, true, ImageConfig.EMPTY.withEnv(List.of("PATH=/x")));
        assertThat(withPath.config.env()).containsExactly("PATH=/x");
    }

    @Test
    void recordedCommandsMatchDockerd() {
        var m = new MetadataInstructions('\\', Map.of());
        StageState s = stage();
        assertThat(m.apply(s, in("MAINTAINER Jane <j@x>"))).isEqualTo(List.of("/bin/sh", "-c", "#(nop) ", "MAINTAINER Jane <j@x>"));
        assertThat(m.apply(s, in("ENV FOO=bar     BAZ=\"q x\""))).isEqualTo(StepCommands.nop(SH, "ENV FOO=bar BAZ=q x"));
        assertThat(m.apply(s, in("LABEL a=b \"c d\"=e"))).isEqualTo(StepCommands.nop(SH, "LABEL a=b c d=e"));
        assertThat(m.apply(s, in("WORKDIR /app"))).isEqualTo(List.of("/bin/sh", "-c", "#(nop) WORKDIR /app"));
        assertThat(m.apply(s, in("EXPOSE 80 443/udp"))).isEqualTo(StepCommands.nop(SH, "EXPOSE 443/udp 80"));
        assertThat(m.apply(s, in("VOLUME /var/cache"))).isEqualTo(StepCommands.nop(SH, "VOLUME [/var/cache]"));
        assertThat(m.apply(s, in("CMD [\"sh\"]"))).isEqualTo(StepCommands.nop(SH, "CMD [\"sh\"]"));
        assertThat(m.apply(s, in("SHELL [\"/bin/bash\", \"-c\"]"))).isEqualTo(StepCommands.nop(SH, "SHELL [/bin/bash -c]"));
        assertThat(m.apply(s, in("HEALTHCHECK --interval=30s --retries=3 CMD true")))
            .isEqualTo(List.of("/bin/bash", "-c", "#(nop) ", "HEALTHCHECK &{[\"CMD-SHELL\" \"true\"] \"30s\" \"0s\" \"0s\" '\\x03'}"));
        assertThat(s.author).isEqualTo("Jane <j@x>");
        assertThat(s.config.env()).containsExactly(StageState.DEFAULT_PATH, "FOO=bar", "BAZ=q x");
        assertThat(s.config.labels()).isEqualTo(Map.of("a", "b", "c d", "e"));
        assertThat(s.config.exposedPorts()).isEqualTo(Set.of("80/tcp", "443/udp"));
        assertThat(s.config.healthcheck().interval()).isEqualTo(Duration.ofSeconds(30));
    }

    @Test
    void shellFormUsesTheStageShellAndEntrypointDropsAnInheritedCmd() {
        var m = new MetadataInstructions('\\', Map.of());
        StageState s = new StageState(null, null, true, ImageConfig.EMPTY.withCmd(List.of("sh")));
        m.apply(s, in("ENTRYPOINT echo hi"));
        assertThat(s.config.entrypoint()).isEqualTo(List.of("/bin/sh", "-c", "echo hi"));
        assertThat(s.config.cmd()).isNull();
        m.apply(s, in("CMD [\"x\"]"));
        assertThat(m.apply(s, in("ENTRYPOINT [\"y\"]"))).isEqualTo(StepCommands.nop(SH, "ENTRYPOINT [\"y\"]"));
        assertThat(s.config.cmd()).isEqualTo(List.of("x"));
    }

    @Test
    void argsTakeTheRequestValueThenTheDefaultAndEnvWins() {
        var m = new MetadataInstructions('\\', Map.of("A", "from-request"));
        StageState s = stage();
        assertThat(m.apply(s, in("ARG A=dflt"))).isEqualTo(StepCommands.nop(SH, "ARG A=dflt"));
        m.apply(s, in("ARG B=$A-b"));
        assertThat(s.lookup("A")).isEqualTo("from-request");
        assertThat(s.lookup("B")).isEqualTo("from-request-b");
        m.apply(s, in("ENV B=env"));
        assertThat(s.lookup("B")).isEqualTo("env");
        assertThat(s.runArgs()).isEqualTo(Map.of("A", "from-request"));
        m.apply(s, in("WORKDIR /w/$A"));
        assertThat(s.config.workingDir()).isEqualTo("/w/from-request");
        m.apply(s, in("WORKDIR sub"));
        assertThat(s.config.workingDir()).isEqualTo("/w/from-request/sub");
    }

    @Test
    void runRecordsTheBuildArgsItSawSorted() {
        var args = new LinkedHashMap<String, String>();
        args.put("V", "1");
        args.put("A", "x y");
        assertThat(StepCommands.run(args, List.of("/bin/sh", "-c", "echo")))
            .isEqualTo(List.of("|2", "A=x y", "V=1", "/bin/sh", "-c", "echo"));
        assertThat(StepCommands.run(Map.of(), List.of("true"))).isEqualTo(List.of("true"));
    }

    @Test
    void goFormatting() {
        assertThat(StepCommands.goQuoted(List.of("/bin/sh", "-c", "echo \"hi\""))).isEqualTo("[\"/bin/sh\" \"-c\" \"echo \\\"hi\\\"\"]");
        assertThat(StepCommands.goDuration(Duration.ofSeconds(90))).isEqualTo("1m30s");
        assertThat(StepCommands.goDuration(Duration.ofMillis(1500))).isEqualTo("1.5s");
        assertThat(StepCommands.goDuration(null)).isEqualTo("0s");
    }

    @Test
    void planSplitsStagesCountsStepsAndStopsAtTheTarget() {
        var parsed = DockerfileParser.parse("""
            ARG BASE=busybox
            FROM ${BASE} AS Build
            RUN true
            FROM busybox AS final
            COPY --from=build /a /a
            """);
        BuildPlan all = BuildPlan.of(parsed.instructions(), null, Map.of());
        assertThat(all.metaArgs()).hasSize(1);
        assertThat(all.stages()).extracting(BuildPlan.Stage::name).containsExactly("build", "final");
        assertThat(all.totalSteps()).isEqualTo(5);
        BuildPlan target = BuildPlan.of(parsed.instructions(), "BUILD", Map.of("team", "berth"));
        assertThat(target.stages()).hasSize(1);
        assertThat(target.stages().getFirst().body()).extracting(Instruction::original)
            .containsExactly("RUN true", "LABEL \"team\"=\"berth\"");
        assertThatThrownBy(() -> BuildPlan.of(parsed.instructions(), "nope", Map.of()))
            .hasMessage("failed to reach build target nope in Dockerfile");
        assertThatThrownBy(() -> BuildPlan.of(DockerfileParser.parse("RUN x\n").instructions(), null, Map.of()))
            .isInstanceOf(BerthException.InvalidArgument.class);
    }

    @Test
    void cacheComparesWhatDockerdCompares() {
        ImageConfig a = ImageConfig.EMPTY.withCmd(List.of("x")).withEnv(List.of("A=1"));
        assertThat(StepCache.matches(a, a.withWorkingDir("/elsewhere"))).isTrue();
        assertThat(StepCache.matches(a, a.withLabels(Map.of()))).isTrue();
        assertThat(StepCache.matches(a, a.withCmd(List.of("y")))).isFalse();
        assertThat(StepCache.matches(a, a.withEnv(List.of("A=2")))).isFalse();
        assertThat(StepCache.matches(null, a)).isFalse();
    }

    @Test
    void chownTakesIdsOrNamesFromTheImage() {
        java.util.function.Function<String, String> files = p -> switch (p) {
            case "/etc/passwd" -> "root:x:0:0:root:/root:/bin/sh\napp:x:1000:1001::/home/app:/bin/sh\n";
            case "/etc/group" -> "root:x:0:\nstaff:x:50:\n";
            default -> null;
        };
        assertThat(ChownOwner.resolve(null, files)).isEqualTo(ChownOwner.NONE);
        assertThat(ChownOwner.resolve("1000", files)).isEqualTo(new ChownOwner(1000, 1000));
        assertThat(ChownOwner.resolve("app:staff", files)).isEqualTo(new ChownOwner(1000, 50));
        assertThat(ChownOwner.resolve("app:7", files)).isEqualTo(new ChownOwner(1000, 7));
        assertThatThrownBy(() -> ChownOwner.resolve("app", files)).hasMessageContaining("can't find gid for group app");
        assertThatThrownBy(() -> ChownOwner.resolve("nobody:0", p -> null)).hasMessageContaining("no such user: nobody");
    }
}
