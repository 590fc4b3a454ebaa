package dev.berth.core.network;

import dev.berth.common.error.BerthException;
import dev.berth.core.filter.Filters;
import java.time.Instant;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/** dockerd's filters for {@code GET /networks} and {@code POST /networks/prune}. */
final class NetworkFilters {
    static final Set<String> LIST = Set.of("driver", "id", "label", "name", "scope", "type", "dangling");
    static final Set<String> PRUNE = Set.of("label", "label!", "until");

    private NetworkFilters() {}

    static boolean matchesList(Network n, Filters f) {
        if (!f.matchesExact("driver", n.driver())) return false;
        if (!f.matchesExact("scope", n.scope())) return false;
        if (!f.get("id").isEmpty() && f.get("id").stream().noneMatch(n.id()::startsWith)) return false;
        if (!f.get("name").isEmpty() && f.get("name").stream().noneMatch(w -> matchesPattern(w, n.name()))) return false;
        if (!f.matchesLabels("label", n.labels())) return false;
        for (String type : f.get("type")) {
            if (!type.equals("custom") && !type.equals("builtin")) {
                throw new BerthException.InvalidArgument("invalid filter: 'type'='" + type + "'");
            }
        }
        if (!f.get("type").isEmpty() && !f.get("type").contains(n.predefined() ? "builtin" : "custom")) return false;
        if (f.has("dangling")) {
            boolean dangling = !n.predefined() && n.endpoints().isEmpty();
            if (f.bool("dangling", false) != dangling) return false;
        }
        return true;
    }

    /** Prune considers only user networks without endpoints. */
    static boolean matchesPrune(Network n, Filters f, Instant now) {
        if (n.predefined() || !n.endpoints().isEmpty()) return false;
        if (!f.matchesLabels("label", n.labels())) return false;
        for (String expr : f.get("label!")) {
            if (new Filters(java.util.Map.of("l", java.util.List.of(expr))).matchesLabels("l", n.labels())) return false;
        }
        for (String until : f.get("until")) {
            if (!n.created().isBefore(untilInstant(until, now))) return false;
        }
        return true;
    }

    /** dockerd matches names as a regular expression anywhere in the name. */
    private static boolean matchesPattern(String pattern, String name) {
        try {
            return Pattern.compile(pattern).matcher(name).find();
        } catch (PatternSyntaxException e) {
            return name.contains(pattern);
        }
    }

    /** {@code until}: a Unix timestamp, an RFC 3339 time, or a Go duration like {@code 10m} before now. */
    static Instant untilInstant(String text, Instant now) {
        try {
            if (text.matches("\\d+(\\.\\d+)?")) return Instant.ofEpochMilli((long) (Double.parseDouble(text) * 1000));
            if (text.matches("\\d+[smh]")) {
                long n = Long.parseLong(text.substring(0, text.length() - 1));
                long seconds = switch (text.charAt(text.length() - 1)) {
                    case 's' -> n;
                    case 'm' -> n * 60;
                    default -> n * 3600;
                };
                return now.minusSeconds(seconds);
            }
            return Instant.parse(text);
        } catch (RuntimeException e) {
            throw new BerthException.InvalidArgument("invalid filter 'until=" + text + "'");
        }
    }
}
