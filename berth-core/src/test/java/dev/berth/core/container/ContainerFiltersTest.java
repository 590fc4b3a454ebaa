package dev.berth.core.container;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.berth.common.error.BerthException;
import dev.berth.core.filter.Filters;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ContainerFiltersTest {
    private static final Instant T = Instant.parse("2026-01-01T00:00:00Z");
    private final Container old = Fixtures.container("old", new ContainerState.Exited(3, false, ""), T, Map.of("tier", "db"));
    private final Container mid = Fixtures.container("mid", new ContainerState.Running(5), T.plusSeconds(1), Map.of("tier", "web"));
    private final Container fresh = Fixtures.container("fresh", ContainerState.CREATED, T.plusSeconds(2), Map.of());
    private final List<Container> all = List.of(old, mid, fresh);

    private List<String> names(boolean showAll, int limit, Map<String, List<String>> f) {
        var index = new ContainerIndex();
        for (Container c : all) {
            index.put(c);
            index.reserveName(c.name(), c.id());
        }
        return ContainerFilters.select(all, new ContainerService.ListOptions(showAll, limit, new Filters(f)), index::resolve, n -> null)
            .stream().map(Container::bareName).toList();
    }

    @Test
    void runningOnlyUnlessAllNewestFirstAndLimit() {
        assertThat(names(false, -1, Map.of())).containsExactly("mid");
        assertThat(names(true, -1, Map.of())).containsExactly("fresh", "mid", "old");
        assertThat(names(false, 1, Map.of())).containsExactly("fresh");
    }

    @Test
    void filtersAsDockerd() {
        assertThat(names(true, -1, Map.of("status", List.of("exited")))).containsExactly("old");
        assertThat(names(true, -1, Map.of("exited", List.of("3")))).containsExactly("old");
        assertThat(names(true, -1, Map.of("label", List.of("tier=web")))).containsExactly("mid");
        assertThat(names(true, -1, Map.of("label", List.of("tier")))).containsExactly("mid", "old");
        assertThat(names(true, -1, Map.of("name", List.of("^/?fr")))).containsExactly("fresh");
        assertThat(names(true, -1, Map.of("id", List.of(mid.id().substring(0, 8))))).containsExactly("mid");
        assertThat(names(true, -1, Map.of("before", List.of("fresh")))).containsExactly("mid", "old");
        assertThat(names(true, -1, Map.of("since", List.of("old")))).containsExactly("fresh", "mid");
        assertThat(names(true, -1, Map.of("ancestor", List.of("busybox")))).hasSize(3);
        assertThatThrownBy(() -> names(true, -1, Map.of("status", List.of("sleeping"))))
            .isInstanceOf(BerthException.InvalidArgument.class).hasMessage("Invalid filter 'status=sleeping'");
    }
}
