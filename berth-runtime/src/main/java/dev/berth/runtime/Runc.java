package dev.berth.runtime;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.berth.common.error.BerthException;
import dev.berth.common.process.CommandRunner;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The runc (or crun) command line, run through the {@link CommandRunner} seam with a private
 * {@code --root}, and its failures classified into Berth's error taxonomy from runc's own text.
 */
final class Runc {
    private static final ObjectMapper JSON = new ObjectMapper();
    /** logrus' text format, which runc uses on stderr: {@code time="…" level=error msg="…"}. */
    private static final Pattern LOGRUS_MSG = Pattern.compile("msg=\"((?:[^\"\\\\]|\\\\.)*)\"");

    private final CommandRunner commands;
    private final Path binary;
    private final Path root;
    private final Duration timeout;

    Runc(CommandRunner commands, Path binary, Path root, Duration timeout) {
        this.commands = commands;
        this.binary = binary;
        this.root = root;
        this.timeout = timeout;
    }

    /** Global options every invocation (ours and conmon's) passes before the subcommand. */
    List<String> globalArgs() { return List.of("--root=" + root); }

    /** Runs {@code runc --root … args…} and returns stdout, or throws a classified error. */
    String run(String id, byte[] stdin, String... args) {
        List<String> argv = new ArrayList<>();
        argv.add(binary.toString());
        argv.addAll(globalArgs());
        argv.addAll(List.of(args));
        CommandRunner.Result r = commands.run(argv, Map.of(), stdin, timeout);
        if (!r.ok()) throw classify(id, args[0], message(r.stderr().isBlank() ? r.stdout() : r.stderr()));
        return r.stdout();
    }

    JsonNode state(String id) {
        return parse(run(id, null, "state", id));
    }

    JsonNode list() {
        return parse(run("", null, "list", "--format", "json"));
    }

    /**
     * Maps runc's wording onto Berth's errors. The texts are runc's (1.1); crun words some of them
     * the same way for compatibility.
     */
    static BerthException classify(String id, String op, String msg) {
        String m = msg.toLowerCase();
        if (m.contains("does not exist") || m.contains("container not found") || m.contains("no such file or directory: container")) {
            return new BerthException.NotFound("No such container: " + id);
        }
        if (m.contains("not running") || m.contains("not paused") || m.contains("not stopped")
            || m.contains("cannot start") || m.contains("already") || m.contains("is paused")) {
            return new BerthException.Conflict("cannot " + op + " container " + id + ": " + msg);
        }
        if (op.equals("update")) return new BerthException.InvalidArgument("Cannot update container " + id + ": " + msg);
        return new BerthException.Internal("runc " + op + " " + id + " failed: " + msg);
    }

    /** The human part of runc's stderr: the {@code msg} of JSON or logrus lines, else the text itself. */
    static String message(String stderr) {
        List<String> msgs = new ArrayList<>();
        for (String line : stderr.strip().lines().toList()) {
            String l = line.strip();
            if (l.isEmpty()) continue;
            if (l.startsWith("{")) {
                try {
                    JsonNode n = JSON.readTree(l);
                    if (n.hasNonNull("msg")) {
                        msgs.add(n.get("msg").asText());
                        continue;
                    }
                } catch (Exception e) {
                    // not JSON after all: keep the raw line
                }
            }
            Matcher mt = LOGRUS_MSG.matcher(l);
            msgs.add(mt.find() ? mt.group(1).replace("\\\"", "\"").replace("\\\\", "\\") : l);
        }
        return String.join("; ", msgs);
    }

    private static JsonNode parse(String json) {
        try {
            return JSON.readTree(json.isBlank() ? "null" : json);
        } catch (Exception e) {
            throw new BerthException.Internal("cannot parse runc output: " + e.getMessage(), e);
        }
    }
}
