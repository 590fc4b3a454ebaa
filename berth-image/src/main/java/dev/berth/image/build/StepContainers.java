package dev.berth.image.build;

import dev.berth.common.error.BerthException;
import dev.berth.core.container.ContainerConfig;
import dev.berth.core.container.ContainerFilesystemService;
import dev.berth.core.container.ContainerService;
import dev.berth.core.container.Healthcheck;
import dev.berth.core.container.HostConfig;
import dev.berth.core.container.PathStat;
import dev.berth.core.container.StdioSession;
import dev.berth.core.image.Digest;
import dev.berth.core.image.ImageConfig;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The build containers of the classic builder, through the core services as any client's
 * containers: created from the step's parent image, started and awaited for RUN (output streamed
 * to the client), given files for COPY/ADD/WORKDIR, committed as the step's image, removed.
 */
final class StepContainers {
    private static final Logger LOG = LoggerFactory.getLogger(StepContainers.class);
    /** Build containers never probe: dockerd creates them {@code withoutHealthcheck()}. */
    private static final Healthcheck NO_HEALTHCHECK = new Healthcheck(List.of("NONE"), 0, 0, 0, 0, 0);
    private static final String STDERR_COLOR = "\u001b[91m";
    private static final String COLOR_RESET = "\u001b[0m";

    private final ContainerService containers;
    private final ContainerFilesystemService files;

    StepContainers(ContainerService containers, ContainerFilesystemService files) {
        this.containers = containers;
        this.files = files;
    }

    /**
     * Creates a container of {@code config} on {@code image}. Volumes are left out on purpose: a
     * build container must not create anonymous volumes (nothing would remove them).
     *
     * @param entrypoint null keeps the config's; an empty list clears it (RUN runs its command alone)
     */
    String create(Digest image, ImageConfig config, List<String> cmd, List<String> entrypoint, List<String> env,
                  String networkMode, boolean attach) {
        var cc = new ContainerConfig(null, null, config.user(), false, attach, attach, config.exposedPorts(), false, false,
            false, env, cmd, image.toString(), Set.of(), config.workingDir(), entrypoint != null ? entrypoint : config.entrypoint(),
            config.labels(), config.stopSignal(), null, NO_HEALTHCHECK);
        var host = new HostConfig(networkMode, null, false, false, null, null, null, null, null, null, null, null, 0, null,
            null, null, null);
        return containers.create(new ContainerService.CreateRequest(null, cc, host)).id();
    }

    /** Starts the container and streams its output until it exits; returns the exit code. */
    int run(String id, Consumer<String> stdout) {
        var waiting = containers.waitFor(id, ContainerService.WaitCondition.NEXT_EXIT);
        try (StdioSession session = containers.attach(id, new ContainerService.AttachOptions(false, true, true, true, false))) {
            containers.start(id);
            StdioSession.Chunk chunk;
            while ((chunk = session.read()) != null) {
                String text = new String(chunk.data(), StandardCharsets.UTF_8);
                stdout.accept(chunk.stream() == StdioSession.Stream.STDERR ? STDERR_COLOR + text + COLOR_RESET : text);
            }
            return waiting.get().statusCode();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new BerthException.Internal("build interrupted", e);
        } catch (ExecutionException e) {
            throw new BerthException.Internal("cannot wait for build container " + id + ": " + e.getCause(), e.getCause());
        }
    }

    /** What the container's root holds at {@code path} (see {@link CopyTarWriter.ImagePaths}). */
    Boolean pathState(String id, String path) {
        try {
            PathStat st = files.statPath(id, path);
            int type = st.mode() & 0170000;
            return type == 0040000 || type == 0120000;
        } catch (BerthException.NotFound e) {
            return null;
        }
    }

    void extract(String id, InputStream tar) {
        files.extract(id, "/", tar, false, false);
    }

    /** A tar of {@code path} in the container (named as {@code docker cp} names it); close it. */
    InputStream archive(String id, String path) {
        return files.archive(id, path).tar();
    }

    /** A small text file of the container (passwd, group), or null when it does not exist. */
    String readFile(String id, String path) {
        try (InputStream tar = archive(id, path);
             var in = new org.apache.commons.compress.archivers.tar.TarArchiveInputStream(tar)) {
            var entry = in.getNextEntry();
            return entry == null || !entry.isFile() ? null : new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (BerthException.NotFound e) {
            return null;
        } catch (java.io.IOException e) {
            throw new BerthException.Internal("cannot read " + path + " of build container " + id + ": " + e.getMessage(), e);
        }
    }

    /** Unpacks a tar from {@link #archive} into a local directory. */
    void extractLocal(java.nio.file.Path dir, InputStream tar) {
        new dev.berth.storage.TarRootfsArchiver().extract(dir, "/", tar, dev.berth.core.container.RootfsArchiver.ExtractOptions.DEFAULT);
    }

    Digest commit(String id, String author, ImageConfig config, ImageConfig containerConfig) {
        var request = new ContainerFilesystemService.CommitRequest(id, null, null, null, author, false, List.of(), config,
            containerConfig);
        return Digest.parse(files.commit(request));
    }

    /** Removes a build container; a failure is logged, never hides the build's own outcome. */
    void removeQuietly(String id) {
        try {
            containers.remove(id, true);
        } catch (BerthException e) {
            LOG.warn("cannot remove build container {}: {}", id, e.getMessage());
        }
    }
}
