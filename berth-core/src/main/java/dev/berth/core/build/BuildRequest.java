package dev.berth.core.build;

import java.io.InputStream;
import java.util.List;
import java.util.Map;

/**
 * One {@code POST /build}, parsed at the API edge.
 *
 * @param context      the build context: a tar, plain or gzip/bzip2/xz compressed, read once
 * @param dockerfile   the Dockerfile's path inside the context ({@code Dockerfile} when empty)
 * @param tags         names for the result ({@code -t}, several allowed)
 * @param buildArgs    {@code --build-arg}: a null value means "take it from the daemon's environment" and is ignored
 * @param target       the stage to stop at (null: the last)
 * @param labels       {@code --label}: added to the final image
 * @param networkMode  the RUN containers' network ({@code default} when empty)
 * @param noCache      never reuse a step
 * @param pull         refresh the base images from their registry
 * @param remove       remove intermediate containers after a successful step ({@code --rm}, default true)
 * @param forceRemove  remove them even after a failed step
 * @param cacheFrom    images whose chains may serve as cache ({@code --cache-from})
 */
public record BuildRequest(InputStream context, String dockerfile, List<String> tags, Map<String, String> buildArgs,
                           String target, Map<String, String> labels, String networkMode, boolean noCache, boolean pull,
                           boolean remove, boolean forceRemove, List<String> cacheFrom) {

    public BuildRequest {
        dockerfile = dockerfile == null || dockerfile.isEmpty() ? "Dockerfile" : dockerfile;
        tags = tags == null ? List.of() : List.copyOf(tags);
        buildArgs = buildArgs == null ? Map.of() : java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(buildArgs));
        labels = labels == null ? Map.of() : java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(labels));
        networkMode = networkMode == null || networkMode.isEmpty() ? "default" : networkMode;
        cacheFrom = cacheFrom == null ? List.of() : List.copyOf(cacheFrom);
        target = target == null || target.isEmpty() ? null : target;
    }
}
