package dev.berth.api.routes;

import dev.berth.api.http.ApiRequest;
import dev.berth.api.http.HttpResponder;
import dev.berth.api.http.Json;
import dev.berth.api.http.Router;
import dev.berth.api.mappers.AuthMapper;
import dev.berth.api.mappers.ImageMapper;
import dev.berth.api.mappers.SystemMapper;
import dev.berth.api.types.AuthConfig;
import dev.berth.api.types.AuthResponse;
import dev.berth.api.types.DiskUsageResponse;
import dev.berth.common.error.BerthException;
import dev.berth.core.image.ImageService;
import dev.berth.core.system.SystemService;
import dev.berth.core.volume.VolumeService;
import dev.berth.api.mappers.VolumeMapper;
import io.netty.handler.codec.http.DefaultHttpHeaders;
import io.netty.handler.codec.http.HttpResponseStatus;
import java.nio.charset.StandardCharsets;
import java.util.List;

/** {@code /_ping}, {@code /version}, {@code /info}, {@code /system/df}, {@code /auth}. */
final class SystemRoutes {
    private final SystemService system;
    private final ImageService images;
    private final VolumeService volumes;

    SystemRoutes(SystemService system, ImageService images, VolumeService volumes) {
        this.system = system;
        this.images = images;
        this.volumes = volumes;
    }

    void register(Router r) {
        r.get("/_ping", this::ping);
        r.head("/_ping", this::ping);
        r.get("/version", (req, res) -> Json.ok(res, SystemMapper.version(system.version())));
        r.get("/info", (req, res) -> Json.ok(res, SystemMapper.info(system.info())));
        r.get("/system/df", this::diskUsage);
        r.post("/auth", this::auth);
    }

    private void ping(ApiRequest req, HttpResponder res) {
        var headers = new DefaultHttpHeaders()
            .add("Builder-Version", "1")
            .add("Cache-Control", "no-cache, no-store, must-revalidate")
            .add("Pragma", "no-cache")
            .add("Swarm", "inactive");
        res.send(HttpResponseStatus.OK, "text/plain; charset=utf-8", "OK".getBytes(StandardCharsets.UTF_8), headers);
    }

    private void diskUsage(ApiRequest req, HttpResponder res) {
        var usage = images.diskUsage();
        var summaries = usage.images().stream()
            .map(u -> ImageMapper.summary(u.image(), u.containers(), u.sharedSize(), req.apiVersion()))
            .toList();
        List<Object> vols = List.copyOf(volumes.diskUsage().stream().map(VolumeMapper::usage).toList());
        Json.ok(res, new DiskUsageResponse(usage.layersSize(), summaries, List.of(), vols, List.of()));
    }

    private void auth(ApiRequest req, HttpResponder res) {
        AuthConfig body = Json.read(req.body(), AuthConfig.class);
        if (body == null) throw new BerthException.InvalidArgument("missing credentials");
        String status = images.login(AuthMapper.credentials(body));
        Json.ok(res, new AuthResponse(status, ""));
    }
}
