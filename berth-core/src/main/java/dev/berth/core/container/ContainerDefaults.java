package dev.berth.core.container;

import dev.berth.common.error.BerthException;
import dev.berth.core.image.ImageConfig;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Docker's merge of a create request with the image's config, and the resulting argv. */
final class ContainerDefaults {
    private ContainerDefaults() {}

    static ContainerConfig merge(ContainerConfig req, ImageConfig img) {
        List<String> entrypoint = req.entrypoint() != null ? req.entrypoint() : img.entrypoint();
        // an entrypoint given on create discards the image's Cmd, as in dockerd
        List<String> cmd = req.cmd() != null && !req.cmd().isEmpty() ? req.cmd()
            : req.entrypoint() != null ? null : img.cmd();
        Map<String, String> labels = new LinkedHashMap<>();
        if (img.labels() != null) labels.putAll(img.labels());
        labels.putAll(req.labels());
        return req.withImageDefaults(req.hostname(), env(img.env(), req.env()), cmd,
            entrypoint == null || entrypoint.isEmpty() ? null : entrypoint,
            empty(req.user()) ? img.user() : req.user(),
            empty(req.workingDir()) ? img.workingDir() : req.workingDir(), labels,
            empty(req.stopSignal()) ? img.stopSignal() : req.stopSignal())
            .withHealthcheck(Healthcheck.merge(req.healthcheck(), healthcheck(img.healthcheck())))
            .withExposedPorts(exposed(req.exposedPorts(), img.exposedPorts()))
            .withVolumes(volumes(req.volumes(), img.volumes()));
    }

    /** The image's EXPOSE plus the request's (--expose, -p), as dockerd merges them. */
    private static java.util.Set<String> exposed(java.util.Set<String> request, java.util.Set<String> image) {
        var all = new java.util.TreeSet<String>(request);
        if (image != null) all.addAll(image);
        return all;
    }

    /** dockerd adds the image's {@code VOLUME}s to the container's {@code Config.Volumes}. */
    private static java.util.Set<String> volumes(java.util.Set<String> request, java.util.Set<String> image) {
        if (image == null || image.isEmpty()) return request;
        java.util.Set<String> all = new java.util.TreeSet<>(request);
        all.addAll(image);
        return all;
    }

    private static Healthcheck healthcheck(ImageConfig.Healthcheck h) {
        if (h == null) return null;
        return new Healthcheck(h.test(), nanos(h.interval()), nanos(h.timeout()), nanos(h.startPeriod()),
            nanos(h.startInterval()), h.retries() == null ? 0 : h.retries());
    }

    private static long nanos(java.time.Duration d) { return d == null ? 0 : d.toNanos(); }

    static List<String> argv(ContainerConfig c) {
        List<String> argv = new ArrayList<>();
        if (c.entrypoint() != null) argv.addAll(c.entrypoint());
        if (c.cmd() != null) argv.addAll(c.cmd());
        if (argv.isEmpty()) throw new BerthException.InvalidArgument("No command specified");
        return argv;
    }

    /** The image's variables, overridden key by key by the request's. */
    private static List<String> env(List<String> image, List<String> request) {
        Map<String, String> merged = new LinkedHashMap<>();
        for (List<String> src : java.util.Arrays.asList(image, request)) {
            if (src == null) continue;
            for (String e : src) {
                int eq = e.indexOf('=');
                merged.put(eq < 0 ? e : e.substring(0, eq), e);
            }
        }
        return List.copyOf(merged.values());
    }

    private static boolean empty(String s) { return s == null || s.isEmpty(); }
}
