package dev.berth.image;

import com.fasterxml.jackson.databind.JsonNode;
import dev.berth.common.error.BerthException;
import dev.berth.core.image.ImageConfig;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Applies Dockerfile instructions that change only image metadata (the {@code --change} of
 * {@code docker import} and {@code docker commit}; the builder reuses it for the same
 * instructions). Accepts JSON-array (exec) and shell forms as the Dockerfile parser does.
 * Not thread-safe: one instance per set of changes, because ENTRYPOINT depends on whether CMD
 * was given earlier in the same set.
 */
public final class ConfigInstructions {
    private static final Set<String> ALLOWED = Set.of("cmd", "entrypoint", "env", "expose", "label", "onbuild",
        "user", "volume", "workdir", "stopsignal", "healthcheck");
    private static final Pattern DURATION_PART = Pattern.compile("(\\d+(?:\\.\\d+)?)(ns|us|µs|ms|s|m|h)");

    private ImageConfig config;
    private boolean cmdSet;
    /**
     * For {@code --change}: the Dockerfile lexer expanding from the config's environment as it
     * stands (ENV earlier in the same changes counts), as dockerd's commit and import do. Null for
     * the builder, whose arguments arrive processed already.
     */
    private final ShellWords changeWords;

    /** For the builder: arguments are taken as they are (quotes and variables already processed). */
    public ConfigInstructions(ImageConfig base) {
        this(base, false);
    }

    private ConfigInstructions(ImageConfig base, boolean expand) {
        this.config = base == null ? ImageConfig.EMPTY : base;
        this.changeWords = expand ? new ShellWords('\\', this::envValue) : null;
    }

    /**
     * Applies every {@code --change} (each may hold several lines) and returns the resulting
     * config. As in a Dockerfile, ENV, LABEL, EXPOSE, VOLUME, WORKDIR, USER and STOPSIGNAL expand
     * variables from the config's environment; CMD, ENTRYPOINT, HEALTHCHECK and ONBUILD keep them.
     */
    public static ImageConfig apply(ImageConfig base, List<String> changes) {
        ConfigInstructions c = new ConfigInstructions(base, true);
        if (changes != null) {
            for (String change : changes) {
                for (String line : change.split("\n")) c.apply(line);
            }
        }
        return c.config();
    }

    public ImageConfig config() { return config; }

    /** Applies one instruction line; blank lines and comments are ignored. */
    public void apply(String line) {
        String trimmed = line.strip();
        if (trimmed.isEmpty() || trimmed.startsWith("#")) return;
        String[] parts = trimmed.split("\\s+", 2);
        String keyword = parts[0].toLowerCase(Locale.ROOT);
        String args = parts.length > 1 ? parts[1].strip() : "";
        if (!ALLOWED.contains(keyword)) {
            throw new BerthException.InvalidArgument(keyword + " is not a valid change command");
        }
        switch (keyword) {
            case "cmd" -> {
                config = config.withCmd(command(args));
                cmdSet = true;
            }
            case "entrypoint" -> {
                config = config.withEntrypoint(command(args));
                if (!cmdSet) config = config.withCmd(null); // as dockerd: a new ENTRYPOINT drops an inherited CMD
            }
            case "env" -> config = config.withEnv(env(args));
            case "label" -> config = config.withLabels(labels(args));
            case "expose" -> config = config.withExposedPorts(expose(args));
            case "volume" -> config = config.withVolumes(volumes(args));
            case "workdir" -> config = config.withWorkingDir(workdir(args));
            case "user" -> config = config.withUser(requireArg("USER", word(args)));
            case "stopsignal" -> config = config.withStopSignal(requireArg("STOPSIGNAL", word(args)));
            case "onbuild" -> config = config.withOnBuild(onBuild(args));
            case "healthcheck" -> config = config.withHealthcheck(healthcheck(args));
            default -> throw new IllegalStateException(keyword);
        }
    }

    private static String requireArg(String name, String args) {
        if (args.isEmpty()) throw new BerthException.InvalidArgument(name + " requires exactly one argument");
        return args;
    }

    /** Exec form when the argument is a JSON array of strings, else {@code shell -c "args"}. */
    private List<String> command(String args) {
        List<String> exec = jsonArray(args);
        if (exec != null) return exec;
        List<String> shell = new ArrayList<>(config.shell() != null ? config.shell() : List.of("/bin/sh", "-c"));
        shell.add(args);
        return List.copyOf(shell);
    }

    public static List<String> jsonArray(String args) {
        if (!args.startsWith("[")) return null;
        try {
            JsonNode n = ConfigCodec.JSON.readTree(args);
            if (n == null || !n.isArray()) return null;
            List<String> out = new ArrayList<>();
            for (JsonNode x : n) {
                if (!x.isTextual()) return null;
                out.add(x.asText());
            }
            return List.copyOf(out);
        } catch (IOException e) {
            return null; // not JSON: the Dockerfile parser then falls back to the shell form
        }
    }

    private List<String> env(String args) {
        Map<String, String> pairs = keyValues("ENV", args);
        List<String> env = new ArrayList<>(config.env() == null ? List.of() : config.env());
        pairs.forEach((k, v) -> {
            env.removeIf(e -> e.equals(k) || e.startsWith(k + "="));
            env.add(k + "=" + v);
        });
        return List.copyOf(env);
    }

    private Map<String, String> labels(String args) {
        Map<String, String> labels = new LinkedHashMap<>(config.labels() == null ? Map.of() : config.labels());
        labels.putAll(keyValues("LABEL", args));
        return labels;
    }

    /** {@code k=v …} or the legacy {@code k value…}; the builder's words are already unquoted (see {@link ShellWords#LITERAL}). */
    private Map<String, String> keyValues(String name, String args) {
        if (changeWords != null) {
            // split at = before expanding, as dockerd does: an = that a variable expands to belongs to the value
            return KeyValueArgs.parse(name, args, ShellWords.rawWords(args), changeWords::word, changeWords::word);
        }
        return KeyValueArgs.parse(name, args, ShellWords.LITERAL.words(args), part -> part, ConfigInstructions::unquote);
    }

    /** The last value the config's environment gives {@code name}, null when unset. */
    private String envValue(String name) {
        String value = null;
        for (String e : config.env() == null ? List.<String>of() : config.env()) {
            if (e.startsWith(name + "=")) value = e.substring(name.length() + 1);
        }
        return value;
    }

    /** One argument: processed for {@code --change}, as it is for the builder. */
    private String word(String args) {
        return changeWords == null || args.isEmpty() ? args : changeWords.word(args);
    }

    /** The legacy form's value: unquoted when it is one word, else the text as written. */
    private static String unquote(String s) {
        List<String> w = ShellWords.LITERAL.words(s);
        return w.size() == 1 ? w.getFirst() : s;
    }

    private List<String> words(String s) {
        return (changeWords != null ? changeWords : ShellWords.LITERAL).words(s);
    }

    private Set<String> expose(String args) {
        Set<String> ports = new LinkedHashSet<>(config.exposedPorts() == null ? Set.of() : config.exposedPorts());
        List<String> words = words(args);
        if (words.isEmpty()) throw new BerthException.InvalidArgument("EXPOSE requires at least one argument");
        for (String w : words) {
            String[] pp = w.split("/", 2);
            String proto = pp.length > 1 ? pp[1].toLowerCase(Locale.ROOT) : "tcp";
            if (!Set.of("tcp", "udp", "sctp").contains(proto)) throw new BerthException.InvalidArgument("invalid proto: " + proto);
            String[] range = pp[0].split("-", 2);
            int start = port(range[0], w);
            int end = range.length > 1 ? port(range[1], w) : start;
            if (end < start) throw new BerthException.InvalidArgument("invalid range specified for port: " + w);
            for (int p = start; p <= end; p++) ports.add(p + "/" + proto);
        }
        return ports;
    }

    private static int port(String s, String whole) {
        try {
            int p = Integer.parseInt(s);
            if (p < 0 || p > 65535) throw new NumberFormatException();
            return p;
        } catch (NumberFormatException e) {
            throw new BerthException.InvalidArgument("invalid containerPort: " + whole);
        }
    }

    private Set<String> volumes(String args) {
        Set<String> vols = new LinkedHashSet<>(config.volumes() == null ? Set.of() : config.volumes());
        List<String> list = jsonArray(args);
        if (list == null) list = words(args);
        else if (changeWords != null) list = list.stream().map(changeWords::word).toList();
        if (list.isEmpty()) throw new BerthException.InvalidArgument("VOLUME requires at least one argument");
        for (String v : list) {
            if (v.isBlank()) throw new BerthException.InvalidArgument("VOLUME specified can not be an empty string");
            vols.add(v.strip());
        }
        return vols;
    }

    private String workdir(String args) {
        String dir = requireArg("WORKDIR", word(args));
        if (!dir.startsWith("/")) {
            String base = config.workingDir() == null || config.workingDir().isEmpty() ? "/" : config.workingDir();
            dir = base + "/" + dir;
        }
        return Path.of(dir).normalize().toString();
    }

    private List<String> onBuild(String args) {
        String[] parts = requireArg("ONBUILD", args).split("\\s+", 2);
        String trigger = parts[0].toUpperCase(Locale.ROOT);
        if (trigger.equals("ONBUILD")) throw new BerthException.InvalidArgument("Chaining ONBUILD via `ONBUILD ONBUILD` isn't allowed");
        if (trigger.equals("FROM") || trigger.equals("MAINTAINER")) {
            throw new BerthException.InvalidArgument(trigger + " isn't allowed as an ONBUILD trigger");
        }
        List<String> triggers = new ArrayList<>(config.onBuild() == null ? List.of() : config.onBuild());
        triggers.add(parts.length > 1 ? trigger + " " + parts[1] : trigger);
        return List.copyOf(triggers);
    }

    private ImageConfig.Healthcheck healthcheck(String args) {
        Duration interval = null, timeout = null, startPeriod = null, startInterval = null;
        Integer retries = null;
        String rest = args;
        while (rest.startsWith("--")) {
            String[] p = rest.split("\\s+", 2);
            String[] kv = p[0].substring(2).split("=", 2);
            if (kv.length < 2) throw new BerthException.InvalidArgument("HEALTHCHECK flag " + p[0] + " needs a value");
            switch (kv[0]) {
                case "interval" -> interval = duration(kv[1]);
                case "timeout" -> timeout = duration(kv[1]);
                case "start-period" -> startPeriod = duration(kv[1]);
                case "start-interval" -> startInterval = duration(kv[1]);
                case "retries" -> retries = Integer.parseInt(kv[1]);
                default -> throw new BerthException.InvalidArgument("Unknown flag: " + kv[0]);
            }
            rest = p.length > 1 ? p[1].strip() : "";
        }
        String[] p = rest.split("\\s+", 2);
        String type = p[0].toUpperCase(Locale.ROOT);
        if (type.equals("NONE")) return new ImageConfig.Healthcheck(List.of("NONE"), null, null, null, null, null);
        if (!type.equals("CMD") || p.length < 2) {
            throw new BerthException.InvalidArgument("Unknown type \"" + type + "\" in HEALTHCHECK (try CMD)");
        }
        List<String> exec = jsonArray(p[1].strip());
        List<String> test = new ArrayList<>();
        if (exec != null) {
            test.add("CMD");
            test.addAll(exec);
        } else {
            test.add("CMD-SHELL");
            test.add(p[1].strip());
        }
        return new ImageConfig.Healthcheck(List.copyOf(test), interval, timeout, startPeriod, startInterval, retries);
    }

    /** Go's time.ParseDuration for the units Dockerfiles use ("30s", "1m30s", "500ms"). */
    static Duration duration(String s) {
        Matcher m = DURATION_PART.matcher(s);
        int pos = 0;
        double nanos = 0;
        while (pos < s.length() && m.find(pos) && m.start() == pos) {
            double v = Double.parseDouble(m.group(1));
            nanos += v * switch (m.group(2)) {
                case "ns" -> 1;
                case "us", "µs" -> 1e3;
                case "ms" -> 1e6;
                case "s" -> 1e9;
                case "m" -> 60e9;
                default -> 3600e9;
            };
            pos = m.end();
        }
        if (pos == 0 || pos != s.length()) throw new BerthException.InvalidArgument("time: invalid duration \"" + s + "\"");
        return Duration.ofNanos((long) nanos);
    }
}
