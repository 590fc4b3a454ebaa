package dev.berth.api.http;

import io.netty.handler.codec.http.HttpMethod;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Maps method + path to a handler. Paths use {@code {name}} for one segment and {@code {name:.*}}
 * for a parameter that may contain slashes (image names such as {@code localhost:5000/a/b}).
 */
public final class Router {
    private static final Pattern PARAM = Pattern.compile("\\{(\\w+)(?::([^}]*))?}");

    private record Route(HttpMethod method, Pattern pattern, List<String> params, RouteHandler handler) {}

    /** A matched route with its path parameters. */
    public record Match(RouteHandler handler, Map<String, String> params) {}

    private final List<Route> routes = new ArrayList<>();

    public Router add(HttpMethod method, String template, RouteHandler handler) {
        List<String> names = new ArrayList<>();
        Matcher m = PARAM.matcher(template);
        StringBuilder regex = new StringBuilder("^");
        int last = 0;
        while (m.find()) {
            regex.append(Pattern.quote(template.substring(last, m.start())));
            names.add(m.group(1));
            regex.append('(').append(m.group(2) != null ? m.group(2) : "[^/]+").append(')');
            last = m.end();
        }
        regex.append(Pattern.quote(template.substring(last))).append('$');
        routes.add(new Route(method, Pattern.compile(regex.toString()), names, handler));
        return this;
    }

    public Router get(String template, RouteHandler h) { return add(HttpMethod.GET, template, h); }

    public Router post(String template, RouteHandler h) { return add(HttpMethod.POST, template, h); }

    public Router delete(String template, RouteHandler h) { return add(HttpMethod.DELETE, template, h); }

    public Router head(String template, RouteHandler h) { return add(HttpMethod.HEAD, template, h); }

    /** The first route registered for this method and path, or null. */
    public Match match(HttpMethod method, String path) {
        for (Route r : routes) {
            if (!r.method.equals(method)) continue;
            Matcher m = r.pattern.matcher(path);
            if (!m.matches()) continue;
            Map<String, String> params = new HashMap<>();
            for (int i = 0; i < r.params.size(); i++) params.put(r.params.get(i), m.group(i + 1));
            return new Match(r.handler, params);
        }
        return null;
    }
}
