package dev.berth.core.container;

import dev.berth.common.error.BerthException;
import dev.berth.core.filter.Filters;
import dev.berth.core.image.Digest;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.function.Function;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * {@code docker ps} selection with dockerd's semantics: {@code id} and {@code name} are regular
 * expressions searched in the ID and name; {@code status}, {@code exited}, {@code label},
 * {@code ancestor} (image name or ID), {@code before}/{@code since} (relative to another container).
 */
final class ContainerFilters {
    static final Set<String> STATUSES = Set.of("created", "restarting", "running", "removing", "paused", "exited", "dead");

    private ContainerFilters() {}

    /**
     * @param resolve      container lookup for before/since
     * @param imageIdOf    image lookup for ancestor (null when the image is unknown)
     */
    static List<Container> select(List<Container> all, ContainerService.ListOptions o, Function<String, Container> resolve,
                                  Function<String, Digest> imageIdOf) {
        return select(all, o, resolve, imageIdOf, c -> NO_HEALTHCHECK);
    }

    static final Set<String> HEALTH = Set.of(ContainerHealth.STARTING, ContainerHealth.HEALTHY, ContainerHealth.UNHEALTHY, "none");
    static final String NO_HEALTHCHECK = "none";

    /** @param healthOf the {@code health} filter's word for a container ({@link #healthWord}) */
    static List<Container> select(List<Container> all, ContainerService.ListOptions o, Function<String, Container> resolve,
                                  Function<String, Digest> imageIdOf, Function<Container, String> healthOf) {
        Filters f = o.filters();
        for (String h : f.get("health")) {
            if (!HEALTH.contains(h)) {
                throw new BerthException.InvalidArgument("Unrecognised filter value for health: " + h);
            }
        }
        for (String s : f.get("status")) {
            if (!STATUSES.contains(s)) throw new BerthException.InvalidArgument("Invalid filter 'status=" + s + "'");
        }
        List<Integer> exited = new ArrayList<>();
        for (String e : f.get("exited")) {
            try {
                exited.add(Integer.parseInt(e));
            } catch (NumberFormatException ex) {
                throw new BerthException.InvalidArgument("Invalid filter 'exited=" + e + "'");
            }
        }
        Container before = f.get("before").isEmpty() ? null : resolve.apply(f.get("before").getFirst());
        Container since = f.get("since").isEmpty() ? null : resolve.apply(f.get("since").getFirst());
        List<Digest> ancestors = f.get("ancestor").stream().map(imageIdOf).filter(java.util.Objects::nonNull).toList();
        boolean all2 = o.all() || o.limit() > 0 || !f.get("status").isEmpty() || !exited.isEmpty() || before != null || since != null;
        List<Container> out = new ArrayList<>();
        List<Container> sorted = all.stream().sorted(Comparator.comparing(Container::created).reversed()).toList();
        for (Container c : sorted) {
            if (!all2 && !(c.state() instanceof ContainerState.Running || c.state() instanceof ContainerState.Paused
                || c.state() instanceof ContainerState.Restarting)) continue;
            if (!f.matchesExact("status", c.state().status())) continue;
            if (!f.get("health").isEmpty() && !f.get("health").contains(healthOf.apply(c))) continue;
            if (!anyFind(f.get("id"), c.id())) continue;
            if (!anyFind(f.get("name"), c.name()) && !anyFind(f.get("name"), c.bareName())) continue;
            if (!f.matchesLabels("label", c.config().labels())) continue;
            if (!exited.isEmpty() && !(c.state() instanceof ContainerState.Exited e && exited.contains(e.exitCode()))) continue;
            if (!f.get("ancestor").isEmpty() && !ancestors.contains(c.imageId())
                && !f.get("ancestor").contains(c.config().image())) continue;
            if (!f.get("volume").isEmpty() && !mountsAny(c, f.get("volume"))) continue;
            if (before != null && !c.created().isBefore(before.created())) continue;
            if (since != null && !c.created().isAfter(since.created())) continue;
            if (!ContainerNetworks.matchesFilters(c, f)) continue;
            out.add(c);
            if (o.limit() > 0 && out.size() >= o.limit()) break;
        }
        return out;
    }

    /** dockerd's word for the health filter: the status, {@code none} without a healthcheck, {@code starting} before a probe. */
    static String healthWord(Healthcheck check, ContainerHealth health) {
        if (check == null || !check.enabled()) return NO_HEALTHCHECK;
        return health == null ? ContainerHealth.STARTING : health.status();
    }

    /** dockerd's {@code volume} filter: a volume name, a bind source, or a mount destination. */
    static boolean mountsAny(Container c, List<String> wanted) {
        for (MountPoint m : c.hostConfig().mountConfig().mounts()) {
            String key = m.name().isEmpty() ? m.source() : m.name();
            if (wanted.contains(key) || wanted.contains(m.destination())) return true;
        }
        return false;
    }

    private static boolean anyFind(List<String> patterns, String value) {
        if (patterns.isEmpty()) return true;
        for (String p : patterns) {
            try {
                if (Pattern.compile(p).matcher(value).find()) return true;
            } catch (PatternSyntaxException e) {
                if (value.contains(p)) return true;
            }
        }
        return false;
    }
}
