package dev.berth.core.build;

import dev.berth.core.image.Digest;
import dev.berth.core.image.Progress;

/**
 * {@code docker build} with the classic builder ({@code POST /build}): runs a Dockerfile from a
 * build context and produces an image, one intermediate image per step.
 *
 * <p>Output: step lines, RUN output and the result go to {@link Progress#stream} exactly as
 * dockerd writes them ({@code "Step 1/3 : FROM busybox"}, {@code " ---> 1a2b3c4d5e6f\n"}, …); the
 * image ID goes to {@link Progress#aux} as {@code {"ID": "sha256:…"}}.
 *
 * <p>Threading: may be called concurrently from virtual threads; blocks for the whole build.
 *
 * <p>Errors: a bad Dockerfile or request → {@code InvalidArgument} (thrown before any output, so
 * the client sees an HTTP error); an unknown base image → {@code NotFound}; a RUN step that exits
 * non-zero → {@code InvalidArgument} whose cause is a {@link StepFailure} carrying the exit code.
 * A failed build leaves no build container behind; intermediate images of completed steps stay
 * (they are the cache).
 */
public interface BuildService {

    Digest build(BuildRequest request, Progress progress);
}
