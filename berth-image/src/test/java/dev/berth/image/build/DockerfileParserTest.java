package dev.berth.image.build;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.berth.common.error.BerthException;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class DockerfileParserTest {

    @Test
    void joinsContinuationsWithoutSeparatorAndSkipsCommentsAndBlankLinesInside() {
        var parsed = DockerfileParser.parse("""
            # a comment
            FROM busybox
            ENV FOO=bar \\
                BAZ="q x"
            RUN echo a \\
            # comment inside
            
                && echo b
            """);
        assertThat(parsed.instructions()).extracting(Instruction::original)
            .containsExactly("FROM busybox", "ENV FOO=bar     BAZ=\"q x\"", "RUN echo a     && echo b");
        assertThat(parsed.instructions().get(2).line()).isEqualTo(5);
    }

    @Test
    void escapeDirectiveChangesTheContinuationCharacter() {
        var parsed = DockerfileParser.parse("# escape=`\nFROM busybox\nRUN dir c:\\ `\n  && echo x\n");
        assertThat(parsed.escape()).isEqualTo('`');
        assertThat(parsed.instructions().get(1).args()).isEqualTo("dir c:\\   && echo x");
    }

    @Test
    void directivesOnlyCountBeforeTheFirstInstruction() {
        var parsed = DockerfileParser.parse("FROM busybox\n# escape=`\nRUN a \\\nb\n");
        assertThat(parsed.escape()).isEqualTo('\\');
        assertThat(parsed.instructions().get(1).args()).isEqualTo("a b");
    }

    @Test
    void keywordsAreCaseInsensitiveAndFlagsSplitOff() {
        Instruction copy = DockerfileParser.parse("from busybox\ncopy --from=build --chown=1:2 /a /b\n").instructions().get(1);
        assertThat(copy.keyword()).isEqualTo("COPY");
        assertThat(copy.flags()).isEqualTo(Map.of("from", "build", "chown", "1:2"));
        assertThat(copy.args()).isEqualTo("/a /b");
        assertThat(copy.original()).isEqualTo("copy --from=build --chown=1:2 /a /b");
    }

    @Test
    void healthcheckKeepsItsOptionsAsArguments() {
        Instruction h = DockerfileParser.parse("FROM x\nHEALTHCHECK --interval=5s CMD true\n").instructions().get(1);
        assertThat(h.flags()).isEmpty();
        assertThat(h.args()).isEqualTo("--interval=5s CMD true");
    }

    @Test
    void execFormIsRecognised() {
        Instruction cmd = DockerfileParser.parse("FROM x\nCMD [\"sh\", \"-c\", \"echo\"]\nCMD echo [x]\n").instructions().get(1);
        assertThat(cmd.jsonArgs()).isEqualTo(List.of("sh", "-c", "echo"));
        assertThat(DockerfileParser.parse("FROM x\nCMD echo [x]\n").instructions().get(1).jsonArgs()).isNull();
    }

    @Test
    void unknownInstructionIsDockerdsParseError() {
        assertThatThrownBy(() -> DockerfileParser.parse("FROM busybox\nFOO bar\n"))
            .isInstanceOf(BerthException.InvalidArgument.class)
            .hasMessage("dockerfile parse error line 2: unknown instruction: FOO");
    }
}
