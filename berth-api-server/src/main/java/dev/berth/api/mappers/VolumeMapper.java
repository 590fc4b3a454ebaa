package dev.berth.api.mappers;

import dev.berth.api.types.VolumeCreateRequest;
import dev.berth.api.types.VolumeResponse;
import dev.berth.core.volume.Volume;
import dev.berth.core.volume.VolumeService;
import java.time.Instant;
import java.time.temporal.ChronoUnit;

/** Volumes between the wire and the domain. */
public final class VolumeMapper {
    private VolumeMapper() {}

    public static VolumeService.CreateRequest create(VolumeCreateRequest body) {
        if (body == null) return new VolumeService.CreateRequest("", "", null, null);
        return new VolumeService.CreateRequest(body.name() == null ? "" : body.name(), body.driver() == null ? "" : body.driver(),
            body.driverOpts(), body.labels());
    }

    public static VolumeResponse response(Volume v) {
        return response(v, null);
    }

    public static VolumeResponse response(Volume v, VolumeResponse.UsageData usage) {
        return new VolumeResponse(createdAt(v.createdAt()), v.driver(), v.labels().isEmpty() ? null : v.labels(),
            v.mountpoint(), v.name(), v.options().isEmpty() ? null : v.options(), v.scope().wire(),
            v.status().isEmpty() ? null : v.status(), usage);
    }

    public static VolumeResponse usage(VolumeService.VolumeUsage u) {
        return response(u.volume(), new VolumeResponse.UsageData(u.size(), u.refCount()));
    }

    /** dockerd formats a volume's time with RFC 3339 in whole seconds. */
    private static String createdAt(Instant t) {
        return t == null ? null : Timestamps.rfc3339(t.truncatedTo(ChronoUnit.SECONDS));
    }
}
