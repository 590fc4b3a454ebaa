package dev.berth.image.build;

import java.util.List;
import java.util.Map;

/**
 * One Dockerfile instruction as the parser found it.
 *
 * @param keyword  upper case ({@code RUN}, {@code COPY}, …)
 * @param original the whole instruction with continuation lines joined, as {@code Step N/M : …} shows it
 * @param flags    leading {@code --name=value} words ({@code --from}, {@code --chown}); a flag without {@code =} has ""
 * @param args     the text after the keyword and flags, unexpanded
 * @param line     1-based line where the instruction starts, for error messages
 */
public record Instruction(String keyword, String original, Map<String, String> flags, String args, int line) {

    /** The arguments as a JSON array of strings (exec form), or null when they are not one. */
    public List<String> jsonArgs() {
        return dev.berth.image.ConfigInstructions.jsonArray(args.strip());
    }

    public String flag(String name) {
        return flags.get(name);
    }
}
