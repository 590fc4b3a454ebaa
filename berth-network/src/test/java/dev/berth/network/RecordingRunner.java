package dev.berth.network;

import dev.berth.common.process.CommandRunner;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/** Records every argv (and stdin) and answers from a script; by default every command succeeds. */
final class RecordingRunner implements CommandRunner {
    final List<List<String>> calls = new ArrayList<>();
    final List<String> stdins = new ArrayList<>();
    Function<List<String>, Result> answer = argv -> new Result(0, "", "");

    @Override
    public synchronized Result run(List<String> argv, Map<String, String> env, byte[] stdin, Duration timeout) {
        calls.add(List.copyOf(argv));
        stdins.add(stdin == null ? null : new String(stdin, StandardCharsets.UTF_8));
        return answer.apply(argv);
    }

    List<String> lines() {
        return calls.stream().map(c -> String.join(" ", c)).toList();
    }
}
