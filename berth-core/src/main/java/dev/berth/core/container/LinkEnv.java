package dev.berth.core.container;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * The variables {@code --link name:alias} gives a container, as dockerd's legacy links do:
 * {@code ALIAS_PORT}, {@code ALIAS_PORT_<port>_<PROTO>[_ADDR|_PORT|_PROTO]} per exposed port (runs of
 * consecutive ports as {@code _START}/{@code _END}), {@code ALIAS_NAME} and {@code ALIAS_ENV_<var>}
 * for the linked container's own variables (HOME and PATH left out).
 */
final class LinkEnv {
    private LinkEnv() {}

    /** An exposed port ({@code 80/tcp}). */
    record Port(int number, String proto) {
        static Port parse(String text) {
            int slash = text.indexOf('/');
            String proto = slash < 0 ? "tcp" : text.substring(slash + 1).toLowerCase(Locale.ROOT);
            return new Port(Integer.parseInt(slash < 0 ? text : text.substring(0, slash)), proto);
        }
    }

    /**
     * @param linkName {@code /<parent>/<alias>}
     * @param childIp  the linked container's address on the default bridge
     */
    static List<String> of(String alias, String linkName, String childIp, Set<String> exposed, List<String> childEnv) {
        String prefix = alias.toUpperCase(Locale.ROOT).replace('-', '_');
        List<Port> ports = new ArrayList<>();
        for (String e : exposed) {
            try {
                ports.add(Port.parse(e));
            } catch (NumberFormatException ignored) {
                // not a single port: nothing to announce
            }
        }
        List<String> env = new ArrayList<>();
        if (!ports.isEmpty()) {
            Port first = ports.stream()
                .min(Comparator.comparingInt(Port::number).thenComparing(p -> p.proto().equals("tcp") ? 0 : 1)).orElseThrow();
            env.add("%s_PORT=%s://%s:%d".formatted(prefix, first.proto(), childIp, first.number()));
        }
        ports.sort(Comparator.comparing((Port p) -> p.proto().equals("tcp") ? 0 : 1).thenComparing(Port::proto)
            .thenComparingInt(Port::number));
        for (int i = 0; i < ports.size(); ) {
            Port p = ports.get(i);
            int j = i;
            while (j + 1 < ports.size() && ports.get(j + 1).proto().equals(p.proto())
                && ports.get(j + 1).number() == ports.get(j).number() + 1) j++;
            String key = "%s_PORT_%d_%s".formatted(prefix, p.number(), p.proto().toUpperCase(Locale.ROOT));
            if (j > i + 1) {
                Port q = ports.get(j);
                env.add("%s_START=%s://%s:%d".formatted(key, p.proto(), childIp, p.number()));
                env.add("%s_ADDR=%s".formatted(key, childIp));
                env.add("%s_PROTO=%s".formatted(key, p.proto()));
                env.add("%s_PORT_START=%d".formatted(key, p.number()));
                env.add("%s_END=%s://%s:%d".formatted(key, q.proto(), childIp, q.number()));
                env.add("%s_PORT_END=%d".formatted(key, q.number()));
                i = j + 1;
                continue;
            }
            env.add("%s=%s://%s:%d".formatted(key, p.proto(), childIp, p.number()));
            env.add("%s_ADDR=%s".formatted(key, childIp));
            env.add("%s_PORT=%d".formatted(key, p.number()));
            env.add("%s_PROTO=%s".formatted(key, p.proto()));
            i++;
        }
        env.add(prefix + "_NAME=" + linkName);
        for (String v : childEnv) {
            int eq = v.indexOf('=');
            if (eq < 0) continue;
            String name = v.substring(0, eq);
            if (name.equals("HOME") || name.equals("PATH")) continue;
            env.add(prefix + "_ENV_" + name + "=" + v.substring(eq + 1));
        }
        return env;
    }
}
