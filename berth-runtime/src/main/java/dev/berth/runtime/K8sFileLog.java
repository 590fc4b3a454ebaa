package dev.berth.runtime;

import dev.berth.common.error.BerthException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads the CRI "k8s-file" log format conmon writes:
 * {@code <RFC3339Nano timestamp> <stdout|stderr> <F|P> <text>}. A {@code P} entry is a partial
 * line continued by the next entry of the same stream; {@link #read} joins them.
 */
public final class K8sFileLog {
    private K8sFileLog() {}

    public enum Stream { STDOUT, STDERR }

    /** One logical line, without its trailing newline; {@code complete} is false for a final fragment. */
    public record Entry(OffsetDateTime time, Stream stream, String text, boolean complete) {}

    public static List<Entry> read(Path file) {
        try {
            return parse(Files.readString(file));
        } catch (IOException e) {
            throw new BerthException.NotFound("cannot read log " + file + ": " + e.getMessage());
        }
    }

    public static List<Entry> parse(String content) {
        List<Entry> out = new ArrayList<>();
        StringBuilder[] pending = {null, null};
        OffsetDateTime[] pendingTime = {null, null};
        for (String line : content.split("\n", -1)) {
            if (line.isEmpty()) continue;
            String[] f = line.split(" ", 4);
            if (f.length < 3) continue;
            OffsetDateTime time;
            try {
                time = OffsetDateTime.parse(f[0]);
            } catch (DateTimeParseException e) {
                continue;
            }
            Stream stream = f[1].equals("stderr") ? Stream.STDERR : Stream.STDOUT;
            int s = stream.ordinal();
            String text = f.length == 4 ? f[3] : "";
            if (pending[s] == null) {
                pending[s] = new StringBuilder();
                pendingTime[s] = time;
            }
            pending[s].append(text);
            if (f[2].equals("F")) {
                out.add(new Entry(pendingTime[s], stream, pending[s].toString(), true));
                pending[s] = null;
            }
        }
        for (Stream st : Stream.values()) {
            if (pending[st.ordinal()] != null) {
                out.add(new Entry(pendingTime[st.ordinal()], st, pending[st.ordinal()].toString(), false));
            }
        }
        return out;
    }
}
