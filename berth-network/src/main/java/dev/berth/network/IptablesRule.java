package dev.berth.network;

import java.util.ArrayList;
import java.util.List;

/**
 * One iptables rule: table, chain, match-and-target arguments, and whether it goes first in its
 * chain. Every rule carries a {@code -m comment} tag, so {@code iptables-save} shows whose it is and
 * so that adding and deleting use the very same specification.
 */
public record IptablesRule(String table, String chain, boolean insert, List<String> spec) {
    public IptablesRule {
        spec = List.copyOf(spec);
    }

    static IptablesRule append(String table, String chain, String tag, String... args) {
        return new IptablesRule(table, chain, false, tagged(tag, args));
    }

    static IptablesRule insert(String table, String chain, String tag, String... args) {
        return new IptablesRule(table, chain, true, tagged(tag, args));
    }

    /** The comment goes right before {@code -j} so the target stays last, as iptables-save prints it. */
    private static List<String> tagged(String tag, String... args) {
        List<String> out = new ArrayList<>();
        int jump = List.of(args).indexOf("-j");
        for (int i = 0; i < args.length; i++) {
            if (i == jump) out.addAll(List.of("-m", "comment", "--comment", tag));
            out.add(args[i]);
        }
        return out;
    }

    List<String> argv(String op) {
        List<String> argv = new ArrayList<>(List.of("iptables", "-w", "-t", table, op, chain));
        if (op.equals("-I")) argv.add("1");
        argv.addAll(spec);
        return argv;
    }
}
