package dev.berth.core.container;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * A container's log as dockerd's json-file driver lays it out: the current file and its rotated
 * predecessors {@code <file>.1} (the newest) … {@code <file>.<max-file − 1>} (the oldest).
 */
final class LogFiles {
    private LogFiles() {}

    static Path rotated(Path current, int n) {
        return current.resolveSibling(current.getFileName() + "." + n);
    }

    /** The rotated files there are, oldest first, then {@code current} if it exists: the order to read them in. */
    static List<Path> oldestFirst(Path current) throws IOException {
        List<Numbered> rotated = rotatedFiles(current);
        rotated.sort(Comparator.comparingInt(Numbered::n).reversed());
        List<Path> out = new ArrayList<>();
        for (Numbered r : rotated) out.add(r.path());
        if (Files.exists(current)) out.add(current);
        return out;
    }

    /**
     * Renames {@code current} to {@code .1}, {@code .1} to {@code .2} …, and deletes what would be
     * beyond {@code maxFiles − 1}. Afterwards there is no current file until its writer makes a new one.
     * Renames, not copies: a reader holding a file open keeps reading it under its new name.
     */
    static void rotate(Path current, int maxFiles) throws IOException {
        for (Numbered r : rotatedFiles(current)) {
            if (r.n() >= maxFiles - 1) Files.deleteIfExists(r.path());
        }
        for (int n = maxFiles - 2; n >= 1; n--) {
            Path from = rotated(current, n);
            if (Files.exists(from)) Files.move(from, rotated(current, n + 1), StandardCopyOption.ATOMIC_MOVE);
        }
        Files.move(current, rotated(current, 1), StandardCopyOption.ATOMIC_MOVE);
    }

    private record Numbered(Path path, int n) {}

    private static List<Numbered> rotatedFiles(Path current) throws IOException {
        String prefix = current.getFileName() + ".";
        List<Numbered> out = new ArrayList<>();
        try (DirectoryStream<Path> dir = Files.newDirectoryStream(current.toAbsolutePath().getParent(), prefix + "*")) {
            for (Path p : dir) {
                String suffix = p.getFileName().toString().substring(prefix.length());
                if (!suffix.isEmpty() && suffix.length() < 10 && suffix.chars().allMatch(Character::isDigit)) {
                    out.add(new Numbered(p, Integer.parseInt(suffix)));
                }
            }
        } catch (NoSuchFileException e) {
            return out;
        }
        return out;
    }
}
