package dev.berth.runtime;

import dev.berth.core.container.ContainerLogReader;
import dev.berth.core.container.StdioSession;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;

/**
 * {@link ContainerLogReader} for conmon's CRI "k8s-file" logs (see {@link K8sFileLog} for the
 * format): reads whole lines from an offset, so a follower can poll the file as it grows.
 */
public final class K8sFileLogReader implements ContainerLogReader {
    private static final int MAX_READ = 8 << 20;

    @Override
    public Batch read(Path log, long offset) {
        byte[] bytes;
        try (FileChannel ch = FileChannel.open(log, StandardOpenOption.READ)) {
            long size = ch.size();
            if (size < offset) offset = 0; // truncated (rotation): start over
            int n = (int) Math.min(size - offset, MAX_READ);
            ByteBuffer buf = ByteBuffer.allocate(n);
            while (buf.hasRemaining() && ch.read(buf, offset + buf.position()) > 0) { }
            bytes = buf.array();
        } catch (NoSuchFileException e) {
            return new Batch(List.of(), offset);
        } catch (IOException e) {
            return new Batch(List.of(), offset);
        }
        int end = lastNewline(bytes);
        List<Entry> entries = new ArrayList<>();
        int start = 0;
        for (int i = 0; i <= end; i++) {
            if (bytes[i] != '\n') continue;
            Entry e = parse(bytes, start, i);
            if (e != null) entries.add(e);
            start = i + 1;
        }
        return new Batch(entries, offset + end + 1);
    }

    /** Parses in place: one reused {@link Line} over the read buffer, the time only when asked. */
    @Override
    public long scan(FileChannel ch, long offset, LineVisitor visitor) throws IOException {
        ScannedLine line = new ScannedLine();
        byte[] bytes = null;
        while (true) {
            long size = ch.size();
            if (size < offset) offset = 0; // truncated (rotation): start over
            int n = (int) Math.min(size - offset, MAX_READ);
            if (n == 0) return offset;
            if (bytes == null || bytes.length < n) bytes = new byte[n];
            ByteBuffer buf = ByteBuffer.wrap(bytes, 0, n);
            while (buf.hasRemaining() && ch.read(buf, offset + buf.position()) > 0) { }
            int end = lastNewline(bytes, buf.position());
            if (end < 0) return offset; // not one whole line yet
            line.buffer = bytes;
            int start = 0;
            for (int i = indexOf(bytes, 0, end + 1, (byte) '\n'); i >= 0; i = indexOf(bytes, start, end + 1, (byte) '\n')) {
                if (line.parse(start, i)) visitor.line(line);
                start = i + 1;
            }
            offset += end + 1;
        }
    }

    private static final byte[] STDOUT = "stdout".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] STDERR = "stderr".getBytes(StandardCharsets.US_ASCII);

    private static boolean matches(byte[] b, int at, byte[] word) {
        for (int i = 0; i < word.length; i++) if (b[at + i] != word[i]) return false;
        return true;
    }

    /** A line of the current buffer: fields found by {@link #parse}, the time parsed on demand. */
    private static final class ScannedLine implements Line {
        byte[] buffer;
        private int timeFrom, timeTo, textStart, textEnd;
        private boolean partial;
        private StdioSession.Stream stream;

        /** False for a line that is not {@code <time> <stream> <tag> [text]}. */
        boolean parse(int from, int to) {
            int s1 = indexOf(buffer, from, to, (byte) ' ');
            int s2 = s1 < 0 ? -1 : indexOf(buffer, s1 + 1, to, (byte) ' ');
            if (s2 < 0) return false;
            int s3 = indexOf(buffer, s2 + 1, to, (byte) ' ');
            int tagEnd = s3 < 0 ? to : s3;
            // the shape of conmon's fields, cheaply: a time with its 'T', then stdout or stderr
            if (s1 - from < 20 || buffer[from + 10] != 'T' || s2 - s1 - 1 != 6) return false;
            if (matches(buffer, s1 + 1, STDOUT)) stream = StdioSession.Stream.STDOUT;
            else if (matches(buffer, s1 + 1, STDERR)) stream = StdioSession.Stream.STDERR;
            else return false;
            timeFrom = from;
            timeTo = s1;
            partial = tagEnd - s2 - 1 == 1 && buffer[s2 + 1] == 'P';
            textStart = s3 < 0 ? to : s3 + 1;
            textEnd = to;
            return true;
        }

        @Override public StdioSession.Stream stream() { return stream; }
        @Override public boolean partial() { return partial; }
        /** A line with an unreadable time (never written by conmon) counts as written at the epoch. */
        @Override public Instant time() {
            try {
                return K8sFileLogReader.time(buffer, timeFrom, timeTo);
            } catch (DateTimeParseException e) {
                return Instant.EPOCH;
            }
        }
        @Override public byte[] buffer() { return buffer; }
        @Override public int textStart() { return textStart; }
        @Override public int textEnd() { return textEnd; }
    }

    private static int lastNewline(byte[] b, int length) {
        for (int i = length - 1; i >= 0; i--) if (b[i] == '\n') return i;
        return -1;
    }

    private static int lastNewline(byte[] b) {
        for (int i = b.length - 1; i >= 0; i--) if (b[i] == '\n') return i;
        return -1;
    }

    /** {@code <time> <stdout|stderr> <F|P> <text>} between {@code from} and {@code to} (exclusive). */
    static Entry parse(byte[] b, int from, int to) {
        int s1 = indexOf(b, from, to, (byte) ' ');
        int s2 = s1 < 0 ? -1 : indexOf(b, s1 + 1, to, (byte) ' ');
        if (s2 < 0) return null;
        int s3 = indexOf(b, s2 + 1, to, (byte) ' ');
        int tagEnd = s3 < 0 ? to : s3;
        try {
            Instant time = time(b, from, s1);
            String stream = new String(b, s1 + 1, s2 - s1 - 1, StandardCharsets.US_ASCII);
            boolean partial = tagEnd - s2 - 1 == 1 && b[s2 + 1] == 'P';
            byte[] text = s3 < 0 ? new byte[0] : java.util.Arrays.copyOfRange(b, s3 + 1, to);
            var st = stream.equals("stderr") ? StdioSession.Stream.STDERR : StdioSession.Stream.STDOUT;
            return new Entry(time, st, text, partial);
        } catch (DateTimeParseException e) {
            return null;
        }
    }

    /**
     * conmon's timestamp, {@code 2026-11-22T06:31:05.123456789+00:00}, parsed by hand: the general
     * parser cost most of {@code docker logs}' time on logs of millions of short lines. Anything
     * unusual goes to {@link OffsetDateTime#parse}.
     */
    static Instant time(byte[] b, int from, int to) {
        int n = to - from;
        if (n >= 20 && b[from + 4] == '-' && b[from + 7] == '-' && b[from + 10] == 'T' && b[from + 13] == ':'
                && b[from + 16] == ':') {
            int i = from + 19;
            long nanos = 0;
            int digits = 0;
            if (b[i] == '.') {
                for (i++; i < to && b[i] >= '0' && b[i] <= '9'; i++, digits++) nanos = nanos * 10 + (b[i] - '0');
                if (digits > 9) return slow(b, from, to);
                for (int d = digits; d < 9; d++) nanos *= 10;
            }
            int offset;
            if (i == to - 1 && b[i] == 'Z') {
                offset = 0;
            } else if (i == to - 6 && (b[i] == '+' || b[i] == '-') && b[i + 3] == ':') {
                offset = (num(b, i + 1, 2) * 3600 + num(b, i + 4, 2) * 60) * (b[i] == '-' ? -1 : 1);
            } else {
                return slow(b, from, to);
            }
            int year = num(b, from, 4);
            int month = num(b, from + 5, 2);
            int day = num(b, from + 8, 2);
            int hour = num(b, from + 11, 2);
            int minute = num(b, from + 14, 2);
            int second = num(b, from + 17, 2);
            if (year < 0 || month < 1 || month > 12 || day < 1 || day > 31 || hour > 23 || minute > 59 || second > 59) {
                return slow(b, from, to);
            }
            long epochDay = java.time.LocalDate.of(year, month, day).toEpochDay();
            return Instant.ofEpochSecond(epochDay * 86400 + hour * 3600L + minute * 60L + second - offset, nanos);
        }
        return slow(b, from, to);
    }

    private static Instant slow(byte[] b, int from, int to) {
        return OffsetDateTime.parse(new String(b, from, to - from, StandardCharsets.US_ASCII)).toInstant();
    }

    /** {@code len} decimal digits at {@code at}, or -1 when one is not a digit. */
    private static int num(byte[] b, int at, int len) {
        int v = 0;
        for (int i = at; i < at + len; i++) {
            if (b[i] < '0' || b[i] > '9') return -1;
            v = v * 10 + (b[i] - '0');
        }
        return v;
    }

    private static int indexOf(byte[] b, int from, int to, byte c) {
        for (int i = from; i < to; i++) if (b[i] == c) return i;
        return -1;
    }
}
