package dev.berth.image.build;

import dev.berth.image.GoStrings;
import dev.berth.common.error.BerthException;
import dev.berth.core.image.ImageConfig;
import dev.berth.image.ConfigInstructions;
import dev.berth.image.KeyValueArgs;
import dev.berth.image.ShellWords;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Evaluates the instructions that change only the image config (ENV, LABEL, CMD, …): expands
 * variables where dockerd does, applies the change to the stage's config, and returns the Cmd
 * the step records ({@link StepCommands}). ConfigInstructions does the parsing the
 * {@code --change} flags share. Pure apart from updating the given {@link StageState}.
 */
final class MetadataInstructions {
    static final Set<String> KEYWORDS = Set.of("ENV", "LABEL", "EXPOSE", "VOLUME", "WORKDIR", "USER", "CMD",
        "ENTRYPOINT", "SHELL", "STOPSIGNAL", "HEALTHCHECK", "ONBUILD", "MAINTAINER", "ARG");
    /** Proxy variables are usable without being declared, and never reported as unused (dockerd's builtinAllowedBuildArgs). */
    static final Set<String> BUILTIN_ARGS = Set.of("HTTP_PROXY", "http_proxy", "HTTPS_PROXY", "https_proxy",
        "FTP_PROXY", "ftp_proxy", "NO_PROXY", "no_proxy", "ALL_PROXY", "all_proxy");

    private final char escape;
    private final Map<String, String> requestArgs;

    MetadataInstructions(char escape, Map<String, String> requestArgs) {
        this.escape = escape;
        this.requestArgs = requestArgs;
    }

    /** Applies {@code in} to {@code s.config} (or {@code s.author}/{@code s.args}); returns the step's recorded Cmd. */
    List<String> apply(StageState s, Instruction in) {
        ShellWords w = s.words(escape);
        String args = in.args().strip();
        List<String> shell = s.shell();
        switch (in.keyword()) {
            case "ENV" -> {
                Map<String, String> pairs = keyValues("ENV", args, w);
                List<String> env = new ArrayList<>(s.config.env() == null ? List.of() : s.config.env());
                StringBuilder comment = new StringBuilder("ENV");
                pairs.forEach((k, v) -> {
                    env.removeIf(e -> e.equals(k) || e.startsWith(k + "="));
                    env.add(k + "=" + v);
                    comment.append(' ').append(k).append('=').append(v);
                });
                s.config = s.config.withEnv(List.copyOf(env));
                return StepCommands.nop(shell, comment.toString());
            }
            case "LABEL" -> {
                Map<String, String> pairs = keyValues("LABEL", args, w);
                Map<String, String> labels = new LinkedHashMap<>(s.config.labels() == null ? Map.of() : s.config.labels());
                labels.putAll(pairs);
                s.config = s.config.withLabels(labels);
                StringBuilder comment = new StringBuilder("LABEL");
                pairs.forEach((k, v) -> comment.append(' ').append(k).append('=').append(v));
                return StepCommands.nop(shell, comment.toString());
            }
            case "MAINTAINER" -> {
                if (args.isEmpty()) throw new BerthException.InvalidArgument("MAINTAINER requires exactly one argument");
                s.author = args;
                return StepCommands.nop(shell, "MAINTAINER " + args);
            }
            case "ARG" -> {
                return StepCommands.nop(shell, "ARG " + declareArgs(s, args, w));
            }
            case "EXPOSE" -> {
                List<String> ports = new ArrayList<>(new TreeSet<>(w.words(args)));
                if (ports.isEmpty()) throw new BerthException.InvalidArgument("EXPOSE requires at least one argument");
                s.config = change(s.config, "EXPOSE " + String.join(" ", ports));
                return StepCommands.nop(shell, "EXPOSE " + String.join(" ", ports));
            }
            case "VOLUME" -> {
                List<String> json = in.jsonArgs();
                List<String> vols = new ArrayList<>();
                for (String v : json != null ? json : w.words(args)) vols.add(json != null ? w.word(v) : v);
                if (vols.isEmpty()) throw new BerthException.InvalidArgument("VOLUME requires at least one argument");
                s.config = change(s.config, "VOLUME " + toJson(vols));
                return StepCommands.nop(shell, "VOLUME " + StepCommands.goList(vols));
            }
            case "WORKDIR" -> {
                s.config = change(s.config, "WORKDIR " + w.word(args));
                return StepCommands.nopString(shell, "WORKDIR " + s.config.workingDir());
            }
            case "USER" -> {
                String user = w.word(args);
                s.config = change(s.config, "USER " + user);
                return StepCommands.nop(shell, "USER " + user);
            }
            case "STOPSIGNAL" -> {
                String sig = w.word(args);
                s.config = change(s.config, "STOPSIGNAL " + sig);
                return StepCommands.nop(shell, "STOPSIGNAL " + sig);
            }
            case "CMD" -> {
                s.config = s.config.withCmd(command(in, shell));
                s.cmdSet = true;
                return StepCommands.nop(shell, "CMD " + StepCommands.goQuoted(s.config.cmd()));
            }
            case "ENTRYPOINT" -> {
                s.config = s.config.withEntrypoint(command(in, shell));
                if (!s.cmdSet) s.config = s.config.withCmd(null); // the base image's CMD does not apply to a new ENTRYPOINT
                return StepCommands.nop(shell, "ENTRYPOINT " + StepCommands.goQuoted(s.config.entrypoint()));
            }
            case "SHELL" -> {
                List<String> json = in.jsonArgs();
                if (json == null || json.isEmpty()) throw new BerthException.InvalidArgument("SHELL requires the arguments to be in JSON form");
                s.config = s.config.withShell(json);
                return StepCommands.nop(shell, "SHELL " + StepCommands.goList(json));
            }
            case "HEALTHCHECK" -> {
                s.config = change(s.config, "HEALTHCHECK " + args);
                return StepCommands.nop(shell, "HEALTHCHECK " + healthcheckComment(s.config.healthcheck()));
            }
            case "ONBUILD" -> {
                s.config = change(s.config, "ONBUILD " + args);
                return StepCommands.nop(shell, "ONBUILD " + args);
            }
            default -> throw new IllegalArgumentException(in.keyword());
        }
    }

    /** Declares the ARGs of one instruction ({@code ARG a b=2}); returns the comment text. */
    private String declareArgs(StageState s, String args, ShellWords w) {
        List<String> parts = new ArrayList<>();
        for (String word : ShellWords.LITERAL.words(args)) {
            int eq = word.indexOf('=');
            String name = eq < 0 ? word : word.substring(0, eq);
            String dflt = eq < 0 ? null : w.word(word.substring(eq + 1));
            String value = requestArgs.containsKey(name) && requestArgs.get(name) != null ? requestArgs.get(name)
                : dflt != null ? dflt : s.args.get(name);
            s.args.put(name, value);
            parts.add(eq < 0 ? name : name + "=" + dflt);
        }
        if (parts.isEmpty()) throw new BerthException.InvalidArgument("ARG requires exactly one argument");
        return String.join(" ", parts);
    }

    /** Exec form when JSON, else the stage's shell with the text (not expanded: the shell does that). */
    private static List<String> command(Instruction in, List<String> shell) {
        List<String> json = in.jsonArgs();
        if (json != null) return json;
        List<String> cmd = new ArrayList<>(shell);
        cmd.add(in.args().strip());
        return List.copyOf(cmd);
    }

    private static ImageConfig change(ImageConfig config, String line) {
        ConfigInstructions c = new ConfigInstructions(config);
        c.apply(line);
        return c.config();
    }

    /** {@code k=v k2="v 2"} with quotes removed and variables expanded, or the legacy {@code k value…}. */
    private static Map<String, String> keyValues(String name, String args, ShellWords w) {
        // split at = before expanding, as dockerd does: an = that a variable expands to belongs to the value
        return KeyValueArgs.parse(name, args, ShellWords.rawWords(args), w::word, w::word);
    }

    private static String toJson(List<String> values) {
        StringBuilder b = new StringBuilder("[");
        for (int i = 0; i < values.size(); i++) {
            if (i > 0) b.append(',');
            b.append(GoStrings.quote(values.get(i)));
        }
        return b.append(']').toString();
    }

    /** Go's {@code %q} of dockerd 20.10's HealthConfig: {@code &{["CMD-SHELL" "x"] "30s" "0s" "0s" '\x00'}}. */
    private static String healthcheckComment(ImageConfig.Healthcheck h) {
        int retries = h.retries() == null ? 0 : h.retries();
        return "&{" + StepCommands.goQuoted(h.test()) + " \"" + StepCommands.goDuration(h.interval()) + "\" \""
            + StepCommands.goDuration(h.timeout()) + "\" \"" + StepCommands.goDuration(h.startPeriod()) + "\" '"
            + String.format("\\x%02x", retries) + "'}";
    }
}
