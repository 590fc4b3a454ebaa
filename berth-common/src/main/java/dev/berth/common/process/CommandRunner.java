package dev.berth.common.process;

import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * The one seam through which Berth starts external programs, so tests can assert the exact argv.
 * Every call has a timeout; a failing command's stderr ends up in the thrown error's message.
 */
public interface CommandRunner {

    /** Outcome of a finished command. */
    record Result(int exitCode, String stdout, String stderr) {
        public boolean ok() { return exitCode == 0; }
    }

    /** Runs {@code argv} to completion (or kills it at {@code timeout}) and returns what it printed. */
    Result run(List<String> argv, Map<String, String> env, byte[] stdin, Duration timeout);

    default Result run(List<String> argv, Duration timeout) {
        return run(argv, Map.of(), null, timeout);
    }

    /** Runs {@code argv} and throws {@link dev.berth.common.error.BerthException.Internal} unless it exits 0. */
    default String check(List<String> argv, Duration timeout) {
        Result r = run(argv, timeout);
        if (!r.ok()) {
            throw new dev.berth.common.error.BerthException.Internal(
                String.join(" ", argv) + " failed (exit " + r.exitCode() + "): " + r.stderr().strip());
        }
        return r.stdout();
    }
}
