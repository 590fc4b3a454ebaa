package dev.berth.storage;

import dev.berth.sys.ErrnoException;
import dev.berth.sys.Mounts;
import dev.berth.sys.SpecialFiles;
import dev.berth.sys.Xattrs;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * overlay2: each layer directory holds only its own diff, with whiteouts in overlayfs' native
 * form, and a container's rootfs is an overlay mount of the chain.
 */
final class OverlayLayerDriver implements LayerDriver {
    private static final Logger LOG = LoggerFactory.getLogger(OverlayLayerDriver.class);

    @Override public String name() { return "overlay2"; }

    @Override public TarExtractor.Whiteouts whiteouts() { return TarExtractor.Whiteouts.OVERLAY; }

    @Override public void prepare(Path staging, Path parentDir) throws IOException {
        Files.createDirectory(staging);
    }

    @Override public List<Path> lowerDirs(List<Path> chainDirs) {
        return List.copyOf(chainDirs);
    }

    /**
     * Whether overlay works under {@code dir}: the kernel may lack it, the backing filesystem may
     * refuse to be an upper layer (overlay on overlay), or trusted xattrs may be unavailable
     * (not root). Only a real mount of two lowers with a whiteout and an opaque dir tells.
     */
    static boolean supported(Path dir) {
        Path probe = null;
        try {
            Files.createDirectories(dir);
            probe = Files.createTempDirectory(dir, ".overlay-check-");
            Path lower1 = Files.createDirectory(probe.resolve("l1"));
            Path lower2 = Files.createDirectory(probe.resolve("l2"));
            Path upper = Files.createDirectory(probe.resolve("u"));
            Path work = Files.createDirectory(probe.resolve("w"));
            Path merged = Files.createDirectory(probe.resolve("m"));
            Files.writeString(lower1.resolve("hidden"), "x");
            Files.createDirectory(lower1.resolve("d"));
            Files.writeString(lower1.resolve("d").resolve("old"), "x");
            SpecialFiles.whiteout(lower2.resolve("hidden"));
            Files.createDirectory(lower2.resolve("d"));
            Xattrs.set(lower2.resolve("d"), "trusted.overlay.opaque", new byte[] {'y'});
            String options = "lowerdir=" + lower2 + ":" + lower1 + ",upperdir=" + upper + ",workdir=" + work;
            Mounts.mount("overlay", merged, "overlay", 0, options);
            try {
                return !Files.exists(merged.resolve("hidden")) && !Files.exists(merged.resolve("d").resolve("old"));
            } finally {
                Mounts.unmount(merged, Mounts.MNT_DETACH);
            }
        } catch (ErrnoException e) {
            LOG.info("overlay not usable in {}: {}", dir, e.getMessage());
            return false;
        } catch (IOException e) {
            LOG.info("overlay check failed in {}: {}", dir, e.getMessage());
            return false;
        } finally {
            if (probe != null) {
                try {
                    FileTrees.deleteRecursively(probe);
                } catch (IOException e) {
                    LOG.warn("cannot remove overlay probe {}: {}", probe, e.getMessage());
                }
            }
        }
    }
}
