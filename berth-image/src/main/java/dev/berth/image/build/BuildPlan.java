package dev.berth.image.build;

import dev.berth.common.error.BerthException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * A parsed Dockerfile cut into what the build runs: the ARGs before the first FROM (usable in
 * FROM lines only), the stages up to the target, and {@code --label}s as a final LABEL step (as
 * dockerd adds them). {@link #totalSteps} is the {@code M} of {@code Step N/M}. Pure.
 */
record BuildPlan(List<Instruction> metaArgs, List<Stage> stages) {

    /** One {@code FROM … [AS name]} and the instructions after it. */
    record Stage(Instruction from, String name, List<Instruction> body) {}

    static BuildPlan of(List<Instruction> instructions, String target, Map<String, String> labels) {
        List<Instruction> meta = new ArrayList<>();
        List<Stage> stages = new ArrayList<>();
        Instruction from = null;
        List<Instruction> body = null;
        for (Instruction in : instructions) {
            if (in.keyword().equals("FROM")) {
                if (from != null) stages.add(stage(from, body));
                from = in;
                body = new ArrayList<>();
            } else if (from == null) {
                if (!in.keyword().equals("ARG")) {
                    throw new BerthException.InvalidArgument("Please provide a source image with `from` prior to " + in.keyword().toLowerCase(Locale.ROOT));
                }
                meta.add(in);
            } else {
                body.add(in);
            }
        }
        if (from == null) throw new BerthException.InvalidArgument("file with no instructions");
        stages.add(stage(from, body));
        if (target != null) {
            int idx = -1;
            for (int i = 0; i < stages.size(); i++) {
                if (target.equalsIgnoreCase(stages.get(i).name())) idx = i;
            }
            if (idx < 0) throw new BerthException.InvalidArgument("failed to reach build target " + target + " in Dockerfile");
            stages = new ArrayList<>(stages.subList(0, idx + 1));
        }
        if (!labels.isEmpty()) {
            StringBuilder line = new StringBuilder("LABEL");
            labels.forEach((k, v) -> line.append(' ').append(quote(k)).append('=').append(quote(v)));
            Stage last = stages.getLast();
            List<Instruction> withLabels = new ArrayList<>(last.body());
            withLabels.add(new Instruction("LABEL", line.toString(), Map.of(), line.substring(6), 0));
            stages.set(stages.size() - 1, new Stage(last.from(), last.name(), List.copyOf(withLabels)));
        }
        return new BuildPlan(List.copyOf(meta), List.copyOf(stages));
    }

    int totalSteps() {
        return metaArgs.size() + stages.stream().mapToInt(s -> 1 + s.body().size()).sum();
    }

    private static Stage stage(Instruction from, List<Instruction> body) {
        String[] words = from.args().strip().split("\\s+");
        String name = null;
        if (words.length == 3 && words[1].equalsIgnoreCase("AS")) {
            name = words[2].toLowerCase(Locale.ROOT);
        } else if (words.length != 1 || words[0].isEmpty()) {
            throw new BerthException.InvalidArgument("FROM requires either one or three arguments");
        }
        return new Stage(from, name, List.copyOf(body));
    }

    /** dockerd quotes --label keys and values in the LABEL line it adds. */
    private static String quote(String s) {
        return "\"" + s.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
    }
}
