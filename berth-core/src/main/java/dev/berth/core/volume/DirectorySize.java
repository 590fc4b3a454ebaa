package dev.berth.core.volume;

import java.io.IOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;

/** Bytes used below a directory, for prune's reclaimed space and {@code /system/df}; -1 when unknown. */
final class DirectorySize {
    private DirectorySize() {}

    static long of(String dir) {
        if (dir == null || dir.isEmpty() || !Files.isDirectory(Path.of(dir))) return -1;
        long[] total = {0};
        try {
            Files.walkFileTree(Path.of(dir), new SimpleFileVisitor<>() {
                @Override public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) {
                    if (attrs.isRegularFile()) total[0] += attrs.size();
                    return FileVisitResult.CONTINUE;
                }

                @Override public FileVisitResult visitFileFailed(Path file, IOException exc) {
                    return FileVisitResult.CONTINUE; // a file removed while we walk is not an error
                }
            });
        } catch (IOException e) {
            return -1;
        }
        return total[0];
    }
}
