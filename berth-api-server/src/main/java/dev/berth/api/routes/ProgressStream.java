package dev.berth.api.routes;

import dev.berth.api.http.HttpResponder;
import dev.berth.api.http.Json;
import dev.berth.api.http.ErrorStatus;
import dev.berth.api.types.JsonMessage;
import dev.berth.core.image.Progress;
import io.netty.handler.codec.http.HttpResponseStatus;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.util.Map;

/**
 * Renders {@link Progress} as the JSON message stream the docker CLI draws. The HTTP status is
 * sent with the first message, so an operation that fails before reporting anything still gets a
 * proper error status; one that fails later ends its stream with an {@code errorDetail} message.
 */
final class ProgressStream implements Progress {
    /** Go's json.Marshal escapes {@code < > &} (and U+2028/9): dockerd's messages read {@code " ---\u003e id"}. */
    private static final com.fasterxml.jackson.databind.ObjectWriter GO_JSON = Json.MAPPER.writer().with(new GoHtmlEscapes());

    private static final class GoHtmlEscapes extends com.fasterxml.jackson.core.io.CharacterEscapes {
        private final int[] table;

        GoHtmlEscapes() {
            table = standardAsciiEscapesForJSON();
            table['<'] = ESCAPE_CUSTOM;
            table['>'] = ESCAPE_CUSTOM;
            table['&'] = ESCAPE_CUSTOM;
        }

        @Override public int[] getEscapeCodesForAscii() { return table; }

        @Override public com.fasterxml.jackson.core.SerializableString getEscapeSequence(int ch) {
            if (ch == '<' || ch == '>' || ch == '&' || ch == 0x2028 || ch == 0x2029) {
                return new com.fasterxml.jackson.core.io.SerializedString(String.format("\\u%04x", ch));
            }
            return null;
        }
    }

    private final HttpResponder response;
    private OutputStream out;

    ProgressStream(HttpResponder response) {
        this.response = response;
    }

    @Override public void status(String id, String status) {
        write(JsonMessage.status(id, status));
    }

    @Override public void bytes(String id, String status, long current, long total) {
        write(new JsonMessage(null, status, new JsonMessage.ProgressDetail(current, Math.max(total, 0)),
            bar(current, total), id, null, null, null));
    }

    @Override public void stream(String text) {
        write(JsonMessage.stream(text));
    }

    @Override public void aux(Map<String, Object> aux) {
        write(JsonMessage.aux(aux));
    }

    /** Runs {@code operation}; a failure after the stream started becomes its last message. */
    void run(Runnable operation) {
        try {
            operation.run();
            if (out == null) open();
        } catch (RuntimeException e) {
            if (out == null) throw e;
            // a failed RUN carries its exit code: docker build exits with it
            int code = e.getCause() instanceof dev.berth.core.build.StepFailure f ? f.exitCode() : 0;
            write(JsonMessage.error(ErrorStatus.message(e), code));
        }
    }

    private synchronized void write(JsonMessage message) {
        try {
            if (out == null) open();
            out.write(GO_JSON.writeValueAsBytes(message));
            out.write('\r');
            out.write('\n');
            out.flush();
        } catch (IOException e) {
            throw new UncheckedIOException("client went away: " + e.getMessage(), e);
        }
    }

    private synchronized void open() {
        if (out == null) out = response.startStream(HttpResponseStatus.OK, "application/json", null);
    }

    private static String bar(long current, long total) {
        if (total <= 0) return human(current);
        int width = 50;
        int filled = (int) Math.min(width, current * width / total);
        String arrow = filled < width ? ">" : "";
        return "[" + "=".repeat(Math.max(0, filled - (arrow.isEmpty() ? 0 : 1))) + arrow
            + " ".repeat(width - filled) + "]  " + human(current) + "/" + human(total);
    }

    private static String human(long bytes) {
        if (bytes < 1000) return bytes + "B";
        String[] units = {"kB", "MB", "GB", "TB"};
        double v = bytes;
        int u = -1;
        while (v >= 1000 && u < units.length - 1) {
            v /= 1000;
            u++;
        }
        return String.format("%.4g%s", v, units[u]).replaceAll("\\.?0+(?=[a-zA-Z])", "");
    }
}
