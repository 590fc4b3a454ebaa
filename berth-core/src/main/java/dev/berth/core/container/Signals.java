package dev.berth.core.container;

import dev.berth.common.error.BerthException;
import java.util.Locale;
import java.util.Map;

/** Linux signal names and numbers as {@code docker kill -s} and {@code --stop-signal} accept them. */
public final class Signals {
    public static final int SIGKILL = 9;
    public static final int SIGTERM = 15;
    private static final Map<String, Integer> NUMBERS = Map.ofEntries(
        Map.entry("HUP", 1), Map.entry("INT", 2), Map.entry("QUIT", 3), Map.entry("ILL", 4), Map.entry("TRAP", 5),
        Map.entry("ABRT", 6), Map.entry("IOT", 6), Map.entry("BUS", 7), Map.entry("FPE", 8), Map.entry("KILL", 9),
        Map.entry("USR1", 10), Map.entry("SEGV", 11), Map.entry("USR2", 12), Map.entry("PIPE", 13), Map.entry("ALRM", 14),
        Map.entry("TERM", 15), Map.entry("STKFLT", 16), Map.entry("CHLD", 17), Map.entry("CONT", 18), Map.entry("STOP", 19),
        Map.entry("TSTP", 20), Map.entry("TTIN", 21), Map.entry("TTOU", 22), Map.entry("URG", 23), Map.entry("XCPU", 24),
        Map.entry("XFSZ", 25), Map.entry("VTALRM", 26), Map.entry("PROF", 27), Map.entry("WINCH", 28), Map.entry("IO", 29),
        Map.entry("POLL", 29), Map.entry("PWR", 30), Map.entry("SYS", 31));

    private Signals() {}

    /** {@code KILL}, {@code SIGKILL}, {@code 9}, {@code RTMIN+3}; null or empty → {@code fallback}. */
    public static int parse(String signal, int fallback) {
        if (signal == null || signal.isEmpty()) return fallback;
        String s = signal.toUpperCase(Locale.ROOT);
        if (s.startsWith("SIG")) s = s.substring(3);
        if (s.matches("\\d+")) {
            int n = Integer.parseInt(s);
            if (n >= 1 && n <= 64) return n;
        } else if (NUMBERS.containsKey(s)) {
            return NUMBERS.get(s);
        } else if (s.matches("RTMIN(\\+\\d+)?")) {
            int n = 34 + (s.length() > 5 ? Integer.parseInt(s.substring(6)) : 0);
            if (n <= 64) return n;
        } else if (s.matches("RTMAX(-\\d+)?")) {
            int n = 64 - (s.length() > 5 ? Integer.parseInt(s.substring(6)) : 0);
            if (n >= 34) return n;
        }
        throw new BerthException.InvalidArgument("Invalid signal: " + signal);
    }
}
