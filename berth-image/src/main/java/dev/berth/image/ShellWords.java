package dev.berth.image;

import dev.berth.common.error.BerthException;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * The Dockerfile's word processing (dockerd's shell lexer, the part the builder uses): quotes are
 * removed, the escape character escapes outside single quotes, and {@code $VAR}, {@code ${VAR}},
 * {@code ${VAR:-default}}, {@code ${VAR-default}}, {@code ${VAR:+alt}} and {@code ${VAR+alt}}
 * expand from the build's environment. Nothing is expanded inside single quotes. The builder uses
 * it with the stage's variables, {@link ConfigInstructions} with the config's environment for {@code --change}. Pure.
 */
public final class ShellWords {
    /**
     * Words that were processed already (the builder hands {@link ConfigInstructions} expanded
     * arguments) and the names in ARG: quotes and backslash escapes removed, nothing expanded
     * ({@code $} is an ordinary character), the backslash escaping any character.
     */
    public static final ShellWords LITERAL = new ShellWords('\\', null, true);

    private final char escape;
    private final Function<String, String> env;
    private final boolean escapesAnyInDoubleQuotes;

    /** @param env a variable's value, or null when it is not set */
    public ShellWords(char escape, Function<String, String> env) {
        this(escape, env, false);
    }

    /** @param env null: no expansion */
    private ShellWords(char escape, Function<String, String> env, boolean escapesAnyInDoubleQuotes) {
        this.escape = escape;
        this.env = env;
        this.escapesAnyInDoubleQuotes = escapesAnyInDoubleQuotes;
    }

    /** One word: the whole text, whitespace kept, quotes removed, variables expanded. */
    public String word(String text) {
        return processed(text, false).getFirst();
    }

    /** Words split on unquoted whitespace, each processed as by {@link #word}. */
    public List<String> words(String text) {
        return processed(text, true);
    }

    /** dockerd's lexer names the text it could not process in its errors. */
    private List<String> processed(String text, boolean split) {
        try {
            return process(text, split);
        } catch (BerthException.InvalidArgument e) {
            throw new BerthException.InvalidArgument("failed to process " + GoStrings.quote(text) + ": " + e.getMessage());
        }
    }

    /** Splits on unquoted whitespace keeping quotes and escapes ({@link #word} removes them per word). */
    public static List<String> rawWords(String s) {
        List<String> out = new ArrayList<>();
        StringBuilder cur = new StringBuilder();
        char quote = 0;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (quote == 0 && Character.isWhitespace(c)) {
                if (!cur.isEmpty()) out.add(cur.toString());
                cur.setLength(0);
                continue;
            }
            cur.append(c);
            if (c == '\\' && quote != '\'' && i + 1 < s.length()) {
                cur.append(s.charAt(++i));
            } else if (quote == 0 && (c == '"' || c == '\'')) {
                quote = c;
            } else if (c == quote) {
                quote = 0;
            }
        }
        if (!cur.isEmpty()) out.add(cur.toString());
        return out;
    }

    private List<String> process(String s, boolean split) {
        List<String> out = new ArrayList<>();
        StringBuilder cur = new StringBuilder();
        boolean inWord = false;
        char quote = 0;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (split && quote == 0 && Character.isWhitespace(c)) {
                if (inWord) out.add(cur.toString());
                cur.setLength(0);
                inWord = false;
                continue;
            }
            inWord = true;
            if (quote == '\'') {
                if (c == '\'') quote = 0; else cur.append(c);
            } else if (c == escape && i + 1 < s.length()) {
                char next = s.charAt(i + 1);
                // inside double quotes the escape only escapes what is special there, as in sh
                if (quote == '"' && !escapesAnyInDoubleQuotes && next != '"' && next != '$' && next != escape) {
                    cur.append(c);
                } else {
                    cur.append(next);
                    i++;
                }
            } else if (c == '$' && env != null) {
                i = variable(s, i, cur);
            } else if (quote == 0 && (c == '"' || c == '\'')) {
                quote = c;
            } else if (quote == '"' && c == '"') {
                quote = 0;
            } else {
                cur.append(c);
            }
        }
        if (quote != 0) {
            throw new BerthException.InvalidArgument("unexpected end of statement while looking for matching "
                + (quote == '"' ? "double-quote" : "single-quote"));
        }
        if (inWord || !split) out.add(cur.toString());
        return out;
    }

    /** Expands the variable at {@code s[i] == '$'} into {@code out}; returns the index of its last character. */
    private int variable(String s, int i, StringBuilder out) {
        if (i + 1 >= s.length()) {
            out.append('$');
            return i;
        }
        char n = s.charAt(i + 1);
        if (n == '{') {
            int close = closingBrace(s, i + 2);
            String body = s.substring(i + 2, close);
            out.append(braced(body));
            return close;
        }
        int j = i + 1;
        while (j < s.length() && (Character.isLetterOrDigit(s.charAt(j)) || s.charAt(j) == '_')) j++;
        if (j == i + 1) {
            out.append('$');
            return i;
        }
        String value = env.apply(s.substring(i + 1, j));
        if (value != null) out.append(value);
        return j - 1;
    }

    private static int closingBrace(String s, int from) {
        int depth = 1;
        for (int k = from; k < s.length(); k++) {
            if (s.charAt(k) == '{') depth++;
            if (s.charAt(k) == '}' && --depth == 0) return k;
        }
        throw new BerthException.InvalidArgument("missing '}' in '" + s + "'");
    }

    private String braced(String body) {
        int k = 0;
        while (k < body.length() && (Character.isLetterOrDigit(body.charAt(k)) || body.charAt(k) == '_')) k++;
        String name = body.substring(0, k);
        if (name.isEmpty()) throw new BerthException.InvalidArgument("bad substitution: ${" + body + "}");
        String value = env.apply(name);
        if (k == body.length()) return value == null ? "" : value;
        String op = body.substring(k);
        boolean colon = op.startsWith(":");
        if (colon) op = op.substring(1);
        if (op.isEmpty()) throw new BerthException.InvalidArgument("bad substitution: ${" + body + "}");
        String word = word(op.substring(1));
        boolean set = value != null && (!colon || !value.isEmpty());
        return switch (op.charAt(0)) {
            case '-' -> set ? value : word;
            case '+' -> set ? word : "";
            default -> throw new BerthException.InvalidArgument("unsupported modifier (" + op.charAt(0) + ") in substitution");
        };
    }
}
