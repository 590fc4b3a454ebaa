package dev.berth.image.build;

import dev.berth.common.error.BerthException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Turns Dockerfile text into {@link Instruction}s as dockerd's parser does: parser directives
 * ({@code # escape=`}) before anything else, comment lines dropped (also inside continuations),
 * a trailing escape character joins the next line without adding a separator, empty
 * continuation lines skipped, leading {@code --flag=value} words split off. Pure and stateless.
 */
public final class DockerfileParser {
    static final Set<String> KEYWORDS = Set.of("ADD", "ARG", "CMD", "COPY", "ENTRYPOINT", "ENV", "EXPOSE", "FROM",
        "HEALTHCHECK", "LABEL", "MAINTAINER", "ONBUILD", "RUN", "SHELL", "STOPSIGNAL", "USER", "VOLUME", "WORKDIR");
    private static final Pattern DIRECTIVE = Pattern.compile("^#\\s*([a-zA-Z][a-zA-Z0-9]*)\\s*=\\s*(.+?)\\s*$");

    private DockerfileParser() {}

    /** The parsed file: its instructions in order and the escape character in effect. */
    public record Parsed(List<Instruction> instructions, char escape) {}

    public static Parsed parse(String text) {
        String[] lines = text.replace("\r\n", "\n").split("\n", -1);
        char escape = '\\';
        int i = 0;
        for (; i < lines.length; i++) {
            Matcher m = DIRECTIVE.matcher(lines[i]);
            if (!m.matches()) break;
            if (m.group(1).equalsIgnoreCase("escape")) {
                String v = m.group(2);
                if (!v.equals("\\") && !v.equals("`")) {
                    throw new BerthException.InvalidArgument("invalid ESCAPE '" + v + "'. Must be ` or \\");
                }
                escape = v.charAt(0);
            }
        }
        Pattern continuation = Pattern.compile(Pattern.quote(String.valueOf(escape)) + "[ \\t]*$");
        List<Instruction> out = new ArrayList<>();
        for (; i < lines.length; i++) {
            String first = lines[i].stripLeading();
            if (first.isEmpty() || first.startsWith("#")) continue;
            int start = i + 1;
            StringBuilder joined = new StringBuilder();
            Matcher m = continuation.matcher(first);
            boolean more = m.find();
            joined.append(more ? first.substring(0, m.start()) : first);
            while (more && i + 1 < lines.length) {
                String next = lines[++i];
                String trimmed = next.stripLeading();
                if (trimmed.startsWith("#") || trimmed.isEmpty()) continue;
                m = continuation.matcher(next);
                more = m.find();
                joined.append(more ? next.substring(0, m.start()) : next);
            }
            out.add(instruction(joined.toString().strip(), start));
        }
        return new Parsed(List.copyOf(out), escape);
    }

    static Instruction instruction(String line, int number) {
        String[] parts = line.split("[ \\t]+", 2);
        String keyword = parts[0].toUpperCase(Locale.ROOT);
        if (!KEYWORDS.contains(keyword)) {
            throw new BerthException.InvalidArgument("dockerfile parse error line " + number + ": unknown instruction: " + keyword);
        }
        String rest = parts.length > 1 ? parts[1] : "";
        Map<String, String> flags = new LinkedHashMap<>();
        if (!keyword.equals("RUN") || rest.startsWith("--")) {
            while (rest.startsWith("--")) {
                String[] w = rest.split("[ \\t]+", 2);
                rest = w.length > 1 ? w[1] : "";
                if (w[0].equals("--")) break;
                String[] kv = w[0].substring(2).split("=", 2);
                flags.put(kv[0], kv.length > 1 ? kv[1] : "");
            }
        }
        if (keyword.equals("HEALTHCHECK")) { // its options are the instruction's own (ConfigInstructions parses them)
            rest = parts.length > 1 ? parts[1] : "";
            flags.clear();
        }
        return new Instruction(keyword, line, Map.copyOf(flags), rest, number);
    }
}
