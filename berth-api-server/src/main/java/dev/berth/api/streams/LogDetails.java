package dev.berth.api.streams;

import dev.berth.core.container.Container;
import dev.berth.core.container.LogConfig;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * {@code docker logs --details}: before each line, the extra attributes the json-file driver
 * records (the labels named by log-opt {@code labels}, the variables named by {@code env} or
 * matched by {@code env-regex}) as {@code k=v,k2=v2}, then a space, as dockerd writes them.
 * A container without such options gets just the space.
 */
public final class LogDetails {
    private LogDetails() {}

    public static byte[] prefix(Container c) {
        Map<String, String> opts = LogConfig.orDefault(c.hostConfig().logConfig()).config();
        Map<String, String> attrs = new TreeMap<>();
        for (String key : names(opts.get("labels"))) {
            String v = c.config().labels().get(key);
            if (v != null) attrs.put(key, v);
        }
        Map<String, String> env = new TreeMap<>();
        for (String e : c.config().env()) {
            int eq = e.indexOf('=');
            if (eq > 0) env.put(e.substring(0, eq), e.substring(eq + 1));
        }
        for (String key : names(opts.get("env"))) {
            if (env.containsKey(key)) attrs.put(key, env.get(key));
        }
        String regex = opts.get("env-regex");
        if (regex != null && !regex.isEmpty()) {
            Pattern p = Pattern.compile(regex);
            env.forEach((k, v) -> {
                if (p.matcher(k).find()) attrs.put(k, v);
            });
        }
        StringBuilder b = new StringBuilder();
        attrs.forEach((k, v) -> b.append(b.isEmpty() ? "" : ",").append(k).append('=').append(v));
        return b.append(' ').toString().getBytes(StandardCharsets.UTF_8);
    }

    private static String[] names(String list) {
        return list == null || list.isBlank() ? new String[0] : list.split(",");
    }
}
