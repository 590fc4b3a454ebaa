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
            OffsetDateTime time = OffsetDateTime.parse(new String(b, from, s1 - from, StandardCharsets.US_ASCII));
            String stream = new String(b, s1 + 1, s2 - s1 - 1, StandardCharsets.US_ASCII);
            boolean partial = tagEnd - s2 - 1 == 1 && b[s2 + 1] == 'P';
            byte[] text = s3 < 0 ? new byte[0] : java.util.Arrays.copyOfRange(b, s3 + 1, to);
            var st = stream.equals("stderr") ? StdioSession.Stream.STDERR : StdioSession.Stream.STDOUT;
            return new Entry(time.toInstant(), st, text, partial);
        } catch (DateTimeParseException e) {
            return null;
        }
    }

    private static int indexOf(byte[] b, int from, int to, byte c) {
        for (int i = from; i < to; i++) if (b[i] == c) return i;
        return -1;
    }
}
