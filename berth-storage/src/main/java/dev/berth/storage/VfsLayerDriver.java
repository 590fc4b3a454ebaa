package dev.berth.storage;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/**
 * Every layer is a complete copy of its parent with the diff applied: works on any filesystem,
 * costs a full copy per layer. Whiteouts are applied by deleting.
 */
final class VfsLayerDriver implements LayerDriver {
    @Override public String name() { return "vfs"; }

    @Override public TarExtractor.Whiteouts whiteouts() { return TarExtractor.Whiteouts.DELETE; }

    @Override public void prepare(Path staging, Path parentDir) throws IOException {
        if (parentDir == null) {
            java.nio.file.Files.createDirectory(staging);
        } else {
            FileTrees.copy(parentDir, staging);
        }
    }

    /** The top layer alone is the full filesystem. */
    @Override public List<Path> lowerDirs(List<Path> chainDirs) {
        return chainDirs.isEmpty() ? List.of() : List.of(chainDirs.getFirst());
    }
}
