package dev.berth.api.mappers;

import dev.berth.api.types.ApiVersion;
import dev.berth.api.types.ContainerConfig;
import dev.berth.api.types.ImageDeleteResponseItem;
import dev.berth.api.types.ImageHistoryResponseItem;
import dev.berth.api.types.ImageInspect;
import dev.berth.api.types.ImageSummary;
import dev.berth.core.image.Digest;
import dev.berth.core.image.Image;
import dev.berth.core.image.ImageConfig;
import dev.berth.core.image.ImageDeletion;
import dev.berth.core.image.ImageHistoryItem;
import dev.berth.core.system.ApiVersions;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Domain images to the wire shapes of the image routes. */
public final class ImageMapper {
    private ImageMapper() {}

    private static boolean wantsVirtualSize(String apiVersion) {
        return ApiVersion.compare(apiVersion, "1.44") < 0;
    }

    public static ImageSummary summary(Image i, int containers, long sharedSize, String apiVersion) {
        // dockerd sends null (not {} or []) for absent labels and digests in list entries
        Map<String, String> labels = i.config() == null || i.config().labels() == null || i.config().labels().isEmpty()
            ? null : i.config().labels();
        boolean legacy = wantsVirtualSize(apiVersion);
        List<String> tags = i.repoTags().isEmpty() && legacy ? List.of("<none>:<none>") : i.repoTags();
        List<String> digests = i.repoDigests().isEmpty() ? (legacy && i.repoTags().isEmpty() ? List.of("<none>@<none>") : null)
            : i.repoDigests();
        return new ImageSummary(containers, i.created() == null ? 0 : i.created().getEpochSecond(), i.id().toString(),
            labels, i.parent() == null ? "" : i.parent(), digests, tags, sharedSize, i.size(), legacy ? i.size() : null);
    }

    public static ImageInspect inspect(Image i, String graphDriver, String apiVersion) {
        return new ImageInspect(i.id().toString(), i.repoTags(), i.repoDigests(), i.parent() == null ? "" : i.parent(),
            i.comment() == null ? "" : i.comment(), Timestamps.rfc3339(i.created()), i.container() == null ? "" : i.container(),
            config(i.containerConfig() == null ? ImageConfig.EMPTY : i.containerConfig()),
            i.dockerVersion() == null ? "" : i.dockerVersion(), i.author() == null ? "" : i.author(),
            i.config() == null ? null : config(i.config()),
            i.architecture(), i.variant(), i.os(), i.size(), wantsVirtualSize(apiVersion) ? i.size() : null,
            new ImageInspect.GraphDriver(Map.of(), graphDriver),
            new ImageInspect.RootFs("layers", i.diffIds().stream().map(Digest::toString).toList()),
            new ImageInspect.Metadata(i.lastTagTime() == null ? "0001-01-01T00:00:00Z" : Timestamps.rfc3339(i.lastTagTime())));
    }

    public static ContainerConfig config(ImageConfig c) {
        return new ContainerConfig(nz(c.hostname()), nz(c.domainname()), nz(c.user()), false, false, false,
            set(c.exposedPorts()), false, false, false, c.env(), c.cmd(), health(c.healthcheck()),
            Boolean.TRUE.equals(c.argsEscaped()), "", set(c.volumes()), nz(c.workingDir()), c.entrypoint(),
            c.onBuild(), c.labels(), c.stopSignal(),
            c.stopTimeout() == null ? null : (int) c.stopTimeout().toSeconds(), c.shell());
    }

    private static ContainerConfig.HealthConfig health(ImageConfig.Healthcheck h) {
        if (h == null) return null;
        return new ContainerConfig.HealthConfig(h.test(), nanos(h.interval()), nanos(h.timeout()),
            nanos(h.startPeriod()), nanos(h.startInterval()), h.retries() == null ? 0 : h.retries());
    }

    private static long nanos(Duration d) { return d == null ? 0 : d.toNanos(); }

    private static Map<String, Map<String, Object>> set(Set<String> keys) {
        if (keys == null) return null;
        Map<String, Map<String, Object>> m = new LinkedHashMap<>();
        for (String k : keys) m.put(k, Map.of());
        return m;
    }

    private static String nz(String s) { return s == null ? "" : s; }

    public static ImageHistoryResponseItem history(ImageHistoryItem h) {
        return new ImageHistoryResponseItem(h.id(), h.created() == null ? 0 : h.created().getEpochSecond(),
            nz(h.createdBy()), h.tags(), h.size(), nz(h.comment()));
    }

    public static ImageDeleteResponseItem deletion(ImageDeletion d) {
        return switch (d) {
            case ImageDeletion.Untagged u -> new ImageDeleteResponseItem(u.reference(), null);
            case ImageDeletion.Deleted del -> new ImageDeleteResponseItem(null, del.id().toString());
        };
    }

    public static List<ImageDeleteResponseItem> deletions(List<ImageDeletion> ds) {
        return ds.stream().map(ImageMapper::deletion).toList();
    }
}
