package dev.berth.core.filter;

import dev.berth.common.error.BerthException;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * The {@code filters} argument of list, prune and events calls: each key maps to the values the
 * client gave. Values of one key are OR-ed, different keys are AND-ed, as in dockerd.
 */
public record Filters(Map<String, List<String>> values) {
    public static final Filters NONE = new Filters(Map.of());

    public Filters {
        values = Map.copyOf(new TreeMap<>(values));
    }

    public List<String> get(String key) { return values.getOrDefault(key, List.of()); }

    public boolean has(String key) { return values.containsKey(key); }

    public boolean isEmpty() { return values.isEmpty(); }

    /** Rejects keys the endpoint does not know, with dockerd's wording. */
    public Filters allowOnly(Set<String> known) {
        for (String key : values.keySet()) {
            if (!known.contains(key)) throw new BerthException.InvalidArgument("invalid filter '" + key + "'");
        }
        return this;
    }

    /** True when no value is given for {@code key} or {@code candidate} equals one of them. */
    public boolean matchesExact(String key, String candidate) {
        List<String> wanted = get(key);
        return wanted.isEmpty() || wanted.contains(candidate);
    }

    /**
     * Label filter: every {@code key} or {@code key=value} given must hold for {@code labels}
     * (as dockerd, the label values of one filter key are AND-ed).
     */
    public boolean matchesLabels(String filterKey, Map<String, String> labels) {
        for (String expr : get(filterKey)) {
            int eq = expr.indexOf('=');
            if (eq < 0) {
                if (labels == null || !labels.containsKey(expr)) return false;
            } else if (labels == null || !expr.substring(eq + 1).equals(labels.get(expr.substring(0, eq)))) {
                return false;
            }
        }
        return true;
    }

    /** The single boolean value of {@code key} ("true"/"1"/"false"/"0"), or {@code fallback}. */
    public boolean bool(String key, boolean fallback) {
        List<String> v = get(key);
        if (v.isEmpty()) return fallback;
        String s = v.getFirst();
        if (s.equalsIgnoreCase("true") || s.equals("1")) return true;
        if (s.equalsIgnoreCase("false") || s.equals("0")) return false;
        throw new BerthException.InvalidArgument("Invalid filter '" + key + "=" + s + "'");
    }
}
