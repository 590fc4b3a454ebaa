package dev.berth.core.container;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.berth.common.error.BerthException;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ContainerNamesTest {
    @Test
    void namesFollowDockerdsRules() {
        assertThat(ContainerNames.normalise("web-1.a_b")).isEqualTo("/web-1.a_b");
        assertThat(ContainerNames.normalise("/web")).isEqualTo("/web");
        for (String bad : new String[] {"a", "-web", "we b", "wéb", "/"}) {
            assertThatThrownBy(() -> ContainerNames.normalise(bad)).isInstanceOf(BerthException.InvalidArgument.class)
                .hasMessageContaining("only [a-zA-Z0-9][a-zA-Z0-9_.-] are allowed");
        }
        assertThat(ContainerNames.generate(0)).matches("/[a-z]+_[a-z_]+");
        assertThat(ContainerNames.generate(1)).matches("/[a-z]+_[a-z_]+\\d");
        assertThat(ContainerNames.newId()).matches("[0-9a-f]{64}");
    }

    @Test
    void lookupByIdPrefixOrNameWithDockerdsErrors() {
        var index = new ContainerIndex();
        Container a = Fixtures.container("web", ContainerState.CREATED, Instant.now(), Map.of());
        index.put(a);
        index.reserveName(a.name(), a.id());
        assertThat(index.resolve(a.id())).isEqualTo(a);
        assertThat(index.resolve(a.id().substring(0, 5))).isEqualTo(a);
        assertThat(index.resolve("web")).isEqualTo(a);
        assertThat(index.resolve("/web")).isEqualTo(a);
        assertThatThrownBy(() -> index.resolve("nope")).isInstanceOf(BerthException.NotFound.class).hasMessage("No such container: nope");
        assertThatThrownBy(() -> index.reserveName("/web", "other")).isInstanceOf(BerthException.Conflict.class)
            .hasMessage("Conflict. The container name \"/web\" is already in use by container \"" + a.id()
                + "\". You have to remove (or rename) that container to be able to reuse that name.");
    }

    @Test
    void signals() {
        assertThat(Signals.parse("SIGKILL", 15)).isEqualTo(9);
        assertThat(Signals.parse("term", 9)).isEqualTo(15);
        assertThat(Signals.parse("10", 9)).isEqualTo(10);
        assertThat(Signals.parse(null, 9)).isEqualTo(9);
        assertThat(Signals.parse("RTMIN+2", 9)).isEqualTo(36);
        assertThatThrownBy(() -> Signals.parse("NOPE", 9)).isInstanceOf(BerthException.InvalidArgument.class);
    }
}
