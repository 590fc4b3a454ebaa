package dev.berth.image.build;

import dev.berth.core.build.BuildRequest;
import dev.berth.core.build.BuildService;
import dev.berth.core.container.ContainerFilesystemService;
import dev.berth.core.container.ContainerService;
import dev.berth.core.image.Digest;
import dev.berth.core.image.ImageService;
import dev.berth.core.image.Progress;
import java.nio.file.Path;

/**
 * {@link BuildService} as dockerd's classic builder: the context is unpacked below
 * {@code tmp}, the Dockerfile parsed and planned, then {@link BuildRun} runs it step by step on
 * the core container and image services. The context directory is removed when the build ends.
 */
public final class ClassicBuilder implements BuildService {
    private final ImageService images;
    private final StepContainers containers;
    private final Path tmp;

    /** @param tmp where build contexts are unpacked (the data root's tmp, on the same disk as the layers) */
    public ClassicBuilder(ImageService images, ContainerService containers, ContainerFilesystemService files, Path tmp) {
        this.images = images;
        this.containers = new StepContainers(containers, files);
        this.tmp = tmp;
    }

    @Override
    public Digest build(BuildRequest request, Progress progress) {
        try (BuildContext context = BuildContext.extract(request.context(), tmp)) {
            DockerfileParser.Parsed parsed = DockerfileParser.parse(context.dockerfile(request.dockerfile()));
            BuildPlan plan = BuildPlan.of(parsed.instructions(), request.target(), request.labels());
            return new BuildRun(images, containers, new StepCache(images, request.cacheFrom()), request, context, parsed.escape(), plan, progress).run();
        }
    }
}
