package dev.berth.api.http;

import dev.berth.common.error.BerthException;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpMethod;
import java.io.InputStream;
import java.util.List;
import java.util.Map;

/**
 * One API call as a route sees it: method, path without the {@code /vX.Y} prefix, the API version
 * the client asked for, query parameters, path parameters, headers and a streaming body.
 */
public record ApiRequest(HttpMethod method, String path, String apiVersion, Map<String, List<String>> query,
                         Map<String, String> pathParams, HttpHeaders headers, InputStream body) {

    public ApiRequest withPathParams(Map<String, String> params) {
        return new ApiRequest(method, path, apiVersion, query, params, headers, body);
    }

    public String pathParam(String name) { return pathParams.get(name); }

    /** The last value of a query parameter, or null. */
    public String query(String name) {
        List<String> v = query.get(name);
        return v == null || v.isEmpty() ? null : v.getLast();
    }

    public String query(String name, String fallback) {
        String v = query(name);
        return v == null ? fallback : v;
    }

    public List<String> queryAll(String name) { return query.getOrDefault(name, List.of()); }

    /** Go's strconv.ParseBool, as dockerd's boolValue: "1", "true", "True"… are true; absent/empty false. */
    public boolean bool(String name) {
        String v = query(name);
        if (v == null || v.isEmpty()) return false;
        return switch (v.toLowerCase()) {
            case "1", "t", "true", "yes", "y", "on" -> true;
            case "0", "f", "false", "no", "n", "off" -> false;
            default -> throw new BerthException.InvalidArgument("invalid boolean value for " + name + ": " + v);
        };
    }

    /** True when the client's API version is at least {@code version}. */
    public boolean apiAtLeast(String version) {
        return dev.berth.api.types.ApiVersion.compare(apiVersion, version) >= 0;
    }
}
