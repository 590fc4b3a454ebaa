package dev.berth.image;

import static org.assertj.core.api.Assertions.assertThat;

import dev.berth.core.image.ImageConfig;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ImageCommitterTest {
    private static final ImageConfig CONTAINER = ImageConfig.EMPTY.withCmd(List.of("sh")).withEnv(List.of("PATH=/bin", "A=1"))
        .withLabels(Map.of("l", "container")).withWorkingDir("/w").withUser("nobody").withExposedPorts(Set.of("80/tcp"));

    @Test
    void unsetFieldsComeFromTheContainer() {
        ImageConfig merged = ImageCommitter.merge(ImageConfig.EMPTY, CONTAINER);
        assertThat(merged.cmd()).containsExactly("sh");
        assertThat(merged.env()).containsExactly("PATH=/bin", "A=1");
        assertThat(merged.workingDir()).isEqualTo("/w");
        assertThat(merged.user()).isEqualTo("nobody");
        assertThat(merged.exposedPorts()).containsExactly("80/tcp");
    }

    @Test
    void commitValuesWinAndUnionsKeepTheRest() {
        ImageConfig mine = ImageConfig.EMPTY.withCmd(List.of("cat", "/hello")).withEnv(List.of("A=2"))
            .withLabels(Map.of("l", "mine", "m", "1")).withExposedPorts(Set.of("443/tcp"));
        ImageConfig merged = ImageCommitter.merge(mine, CONTAINER);
        assertThat(merged.cmd()).containsExactly("cat", "/hello");
        assertThat(merged.env()).containsExactly("A=2", "PATH=/bin");
        assertThat(merged.labels()).containsEntry("l", "mine").containsEntry("m", "1");
        assertThat(merged.exposedPorts()).containsExactlyInAnyOrder("443/tcp", "80/tcp");
    }

    @Test
    void anEntrypointKeepsItsOwnCmd() {
        ImageConfig merged = ImageCommitter.merge(ImageConfig.EMPTY.withEntrypoint(List.of("/run")), CONTAINER);
        assertThat(merged.entrypoint()).containsExactly("/run");
        assertThat(merged.cmd()).isNull();
    }
}
