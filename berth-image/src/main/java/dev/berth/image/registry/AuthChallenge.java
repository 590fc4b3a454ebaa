package dev.berth.image.registry;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * One {@code WWW-Authenticate} challenge: its scheme ({@code bearer} or {@code basic}, lower case)
 * and parameters ({@code realm}, {@code service}, {@code scope}, {@code error}).
 */
public record AuthChallenge(String scheme, Map<String, String> parameters) {
    public AuthChallenge {
        scheme = scheme.toLowerCase(Locale.ROOT);
        parameters = Map.copyOf(parameters);
    }

    public boolean isBearer() { return scheme.equals("bearer"); }

    public boolean isBasic() { return scheme.equals("basic"); }

    public String parameter(String name) { return parameters.get(name); }

    /** The first Bearer or Basic challenge among the header values; Bearer wins when both are offered. */
    public static Optional<AuthChallenge> select(List<String> headerValues) {
        AuthChallenge basic = null;
        for (String value : headerValues) {
            Optional<AuthChallenge> c = parse(value);
            if (c.isEmpty()) continue;
            if (c.get().isBearer()) return c;
            if (c.get().isBasic() && basic == null) basic = c.get();
        }
        return Optional.ofNullable(basic);
    }

    /**
     * Parses {@code Scheme k="v", k2=v2}. Quoted values may contain commas and {@code \"}
     * escapes (scopes such as {@code repository:a:pull,push} do), so this is a small scanner
     * rather than a split on commas.
     */
    public static Optional<AuthChallenge> parse(String header) {
        if (header == null) return Optional.empty();
        String h = header.trim();
        int space = h.indexOf(' ');
        String scheme = space < 0 ? h : h.substring(0, space);
        if (scheme.isEmpty()) return Optional.empty();
        Map<String, String> params = new LinkedHashMap<>();
        int i = space < 0 ? h.length() : space + 1;
        while (i < h.length()) {
            while (i < h.length() && (h.charAt(i) == ' ' || h.charAt(i) == ',')) i++;
            int eq = h.indexOf('=', i);
            if (eq < 0) break;
            String key = h.substring(i, eq).trim().toLowerCase(Locale.ROOT);
            i = eq + 1;
            StringBuilder value = new StringBuilder();
            if (i < h.length() && h.charAt(i) == '"') {
                i++;
                while (i < h.length() && h.charAt(i) != '"') {
                    if (h.charAt(i) == '\\' && i + 1 < h.length()) i++;
                    value.append(h.charAt(i++));
                }
                i++;
            } else {
                while (i < h.length() && h.charAt(i) != ',') value.append(h.charAt(i++));
            }
            params.put(key, value.toString().trim());
        }
        return Optional.of(new AuthChallenge(scheme, params));
    }
}
