package dev.berth.image;

import dev.berth.common.error.BerthException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;

/**
 * The arguments of ENV and LABEL (dockerd's parseNameVal): {@code k=v k2="v 2"}, or the legacy
 * single pair {@code k rest of line}. One grammar, with dockerd's error messages, for the builder
 * and for {@code --change}; they differ only in how words are split and processed, which the
 * caller supplies. Pure.
 */
public final class KeyValueArgs {
    private KeyValueArgs() {}

    /**
     * @param name the instruction, for errors
     * @param words {@code args} split into words: a word without {@code =} first means the legacy form
     * @param part turns a key or a value, as it stands in a word, into its text
     * @param legacyValue turns the rest of the line after the legacy form's key into the value
     * @return the pairs in order of appearance
     */
    public static Map<String, String> parse(String name, String args, List<String> words, UnaryOperator<String> part,
                                            UnaryOperator<String> legacyValue) {
        if (words.isEmpty()) throw new BerthException.InvalidArgument(name + " requires at least one argument");
        Map<String, String> out = new LinkedHashMap<>();
        if (!words.getFirst().contains("=")) {
            String[] legacy = args.split("\\s+", 2);
            if (legacy.length < 2) throw new BerthException.InvalidArgument(name + " must have two arguments");
            out.put(part.apply(legacy[0]), legacyValue.apply(legacy[1].strip()));
            return out;
        }
        for (String word : words) {
            int eq = word.indexOf('=');
            if (eq <= 0) {
                throw new BerthException.InvalidArgument("Syntax error - can't find = in \"" + word + "\". Must be of the form: name=value");
            }
            out.put(part.apply(word.substring(0, eq)), part.apply(word.substring(eq + 1)));
        }
        return out;
    }
}
