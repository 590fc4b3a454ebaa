package dev.berth.storage;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/**
 * How layer contents are laid out on disk. Chosen once at start and fixed for a data root.
 *
 * <p>Lifecycle: {@link #prepare} fills a fresh staging directory before the layer's tar is
 * applied to it; the store then renames it into place. Threading: stateless, any thread.
 * Errors: I/O failures surface as {@link IOException}.
 */
sealed interface LayerDriver permits OverlayLayerDriver, VfsLayerDriver {

    /** {@code overlay2} or {@code vfs}, as {@code docker info} shows the storage driver. */
    String name();

    TarExtractor.Whiteouts whiteouts();

    /** Fills {@code staging} with what must be there before the diff is applied (vfs: the parent's tree). */
    void prepare(Path staging, Path parentDir) throws IOException;

    /** Directories a container rootfs stacks, top first; {@code chainDirs} lists the chain top first. */
    List<Path> lowerDirs(List<Path> chainDirs);
}
