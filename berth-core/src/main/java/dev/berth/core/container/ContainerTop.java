package dev.berth.core.container;

import dev.berth.common.error.BerthException;
import dev.berth.common.process.CommandRunner;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * {@code docker top}: runs the host's {@code ps} with the client's arguments (as dockerd does) and
 * keeps the rows of the container's processes: its init and every descendant.
 */
public final class ContainerTop {
    private final CommandRunner commands;

    public ContainerTop(CommandRunner commands) {
        this.commands = commands;
    }

    ContainerService.TopResult top(int initPid, String psArgs) {
        List<String> argv = new ArrayList<>(List.of("ps"));
        String args = psArgs == null || psArgs.isBlank() ? "-ef" : psArgs;
        argv.addAll(Arrays.asList(args.strip().split("\\s+")));
        CommandRunner.Result r = commands.run(argv, Duration.ofSeconds(10));
        if (!r.ok()) throw new BerthException.InvalidArgument("ps: " + r.stderr().strip());
        Set<String> pids = new HashSet<>();
        pids.add(Integer.toString(initPid));
        ProcessHandle.of(initPid).ifPresent(h -> h.descendants().forEach(d -> pids.add(Long.toString(d.pid()))));
        return parse(r.stdout(), pids);
    }

    /** Splits ps output into titles and rows; the last column (the command) keeps its spaces. */
    static ContainerService.TopResult parse(String output, Set<String> pids) {
        List<String> lines = output.lines().filter(l -> !l.isBlank()).toList();
        if (lines.isEmpty()) throw new BerthException.Internal("ps printed nothing");
        List<String> titles = Arrays.asList(lines.getFirst().strip().split("\\s+"));
        int pidCol = titles.indexOf("PID");
        if (pidCol < 0) throw new BerthException.InvalidArgument("Couldn't find PID field in ps output");
        List<List<String>> rows = new ArrayList<>();
        for (String line : lines.subList(1, lines.size())) {
            String[] f = line.strip().split("\\s+", titles.size());
            if (f.length > pidCol && pids.contains(f[pidCol])) rows.add(List.of(f));
        }
        return new ContainerService.TopResult(titles, rows);
    }
}
