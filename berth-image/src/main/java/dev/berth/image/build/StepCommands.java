package dev.berth.image.build;

import dev.berth.image.GoStrings;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The Cmd a step records in its image's {@code ContainerConfig}, byte for byte as dockerd's
 * classic builder writes it. The cache looks steps up by it, {@code docker history} shows it, and
 * docker-compose reads it: {@code /bin/sh -c #(nop) } plus the instruction for metadata steps,
 * {@code |N k=v … /bin/sh -c cmd} for a RUN that saw build args. Pure.
 */
public final class StepCommands {
    private StepCommands() {}

    /** dockerd's {@code withCmdComment}: {@code [shell…, "#(nop) ", comment]}. */
    public static List<String> nop(List<String> shell, String comment) {
        List<String> cmd = new ArrayList<>(shell);
        cmd.add("#(nop) ");
        cmd.add(comment);
        return List.copyOf(cmd);
    }

    /** dockerd's {@code withCmdCommentString} (WORKDIR, COPY, ADD): {@code [shell…, "#(nop) " + comment]}. */
    public static List<String> nopString(List<String> shell, String comment) {
        List<String> cmd = new ArrayList<>(shell);
        cmd.add("#(nop) " + comment);
        return List.copyOf(cmd);
    }

    /** A RUN's recorded Cmd: the build args it saw, sorted, as {@code |N k=v …} before the command. */
    public static List<String> run(Map<String, String> buildArgs, List<String> cmd) {
        if (buildArgs.isEmpty()) return List.copyOf(cmd);
        List<String> out = new ArrayList<>();
        out.add("|" + buildArgs.size());
        new TreeMap<>(buildArgs).forEach((k, v) -> out.add(k + "=" + v));
        out.addAll(cmd);
        return List.copyOf(out);
    }

    /** Go's {@code %q} of a string slice: {@code ["/bin/sh" "-c" "echo hi"]}. */
    public static String goQuoted(List<String> list) {
        StringBuilder b = new StringBuilder("[");
        for (int i = 0; i < list.size(); i++) {
            if (i > 0) b.append(' ');
            b.append(GoStrings.quote(list.get(i)));
        }
        return b.append(']').toString();
    }

    /** Go's {@code %v} of a string slice: {@code [/a /b]}. */
    public static String goList(List<String> list) {
        return "[" + String.join(" ", list) + "]";
    }

    /** Go's {@code time.Duration.String()} for whole and fractional seconds ({@code 30s}, {@code 1m30s}, {@code 0s}). */
    static String goDuration(Duration d) {
        if (d == null || d.isZero()) return "0s";
        long totalMillis = d.toMillis();
        if (totalMillis < 1000) return totalMillis + "ms";
        long h = d.toHours();
        long m = d.toMinutesPart();
        double s = d.toSecondsPart() + d.toMillisPart() / 1000.0;
        String sec = s == Math.floor(s) ? String.valueOf((long) s) : String.valueOf(s);
        if (h > 0) return h + "h" + m + "m" + sec + "s";
        if (m > 0) return m + "m" + sec + "s";
        return sec + "s";
    }
}
