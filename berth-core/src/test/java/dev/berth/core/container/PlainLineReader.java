package dev.berth.core.container;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** A {@link ContainerLogReader} for test logs of plain lines: each whole line is one stdout entry. */
final class PlainLineReader implements ContainerLogReader {
    @Override
    public Batch read(Path log, long offset) {
        try (FileChannel ch = FileChannel.open(log)) {
            List<Entry> out = new ArrayList<>();
            long next = scan(ch, offset, line -> out.add(new Entry(Instant.EPOCH, line.stream(),
                Arrays.copyOfRange(line.buffer(), line.textStart(), line.textEnd()), false)));
            return new Batch(out, next);
        } catch (IOException e) {
            return new Batch(List.of(), offset);
        }
    }

    @Override
    public long scan(FileChannel ch, long offset, LineVisitor visitor) throws IOException {
        long size = ch.size();
        if (size <= offset) return offset;
        ByteBuffer buf = ByteBuffer.allocate((int) (size - offset));
        while (buf.hasRemaining() && ch.read(buf, offset + buf.position()) > 0) { }
        byte[] b = buf.array();
        int start = 0;
        for (int i = 0; i < buf.position(); i++) {
            if (b[i] != '\n') continue;
            byte[] text = Arrays.copyOfRange(b, start, i);
            visitor.line(new EntryLine(new Entry(Instant.EPOCH, StdioSession.Stream.STDOUT, text, false)));
            start = i + 1;
        }
        return offset + start;
    }

    static void append(Path file, String... lines) throws IOException {
        StringBuilder sb = new StringBuilder();
        for (String l : lines) sb.append(l).append('\n');
        Files.writeString(file, sb, java.nio.file.StandardOpenOption.CREATE, java.nio.file.StandardOpenOption.APPEND);
    }
}
