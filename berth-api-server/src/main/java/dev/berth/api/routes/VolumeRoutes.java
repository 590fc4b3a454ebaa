package dev.berth.api.routes;

import dev.berth.api.http.ApiRequest;
import dev.berth.api.http.HttpResponder;
import dev.berth.api.http.Json;
import dev.berth.api.http.Router;
import dev.berth.api.mappers.FiltersMapper;
import dev.berth.api.mappers.VolumeMapper;
import dev.berth.api.types.VolumeCreateRequest;
import dev.berth.api.types.VolumeListResponse;
import dev.berth.api.types.VolumePruneResponse;
import dev.berth.core.filter.Filters;
import dev.berth.core.volume.VolumeService;
import io.netty.handler.codec.http.HttpResponseStatus;

/** The {@code /volumes/…} routes. */
final class VolumeRoutes {
    private final VolumeService volumes;

    VolumeRoutes(VolumeService volumes) {
        this.volumes = volumes;
    }

    void register(Router r) {
        r.get("/volumes", this::list);
        r.post("/volumes/create", this::create);
        r.post("/volumes/prune", this::prune);
        r.get("/volumes/{name}", (req, res) -> Json.ok(res, VolumeMapper.response(volumes.inspect(req.pathParam("name")))));
        r.delete("/volumes/{name}", this::remove);
    }

    private void list(ApiRequest req, HttpResponder res) {
        var result = volumes.list(FiltersMapper.parse(req.query("filters")));
        Json.ok(res, new VolumeListResponse(result.volumes().stream().map(VolumeMapper::response).toList(),
            result.warnings().isEmpty() ? null : result.warnings()));
    }

    private void create(ApiRequest req, HttpResponder res) {
        var created = volumes.create(VolumeMapper.create(Json.read(req.body(), VolumeCreateRequest.class)));
        Json.send(res, HttpResponseStatus.CREATED, VolumeMapper.response(created));
    }

    private void remove(ApiRequest req, HttpResponder res) {
        volumes.remove(req.pathParam("name"), req.bool("force"));
        res.send(HttpResponseStatus.NO_CONTENT, null, new byte[0], null);
    }

    /**
     * API 1.42 changed prune to take only anonymous volumes unless the {@code all} filter is true;
     * older clients keep the old meaning (every unused volume).
     */
    private void prune(ApiRequest req, HttpResponder res) {
        Filters filters = FiltersMapper.parse(req.query("filters"));
        boolean all = filters.bool("all", false);
        var report = volumes.prune(filters, req.apiAtLeast("1.42") && !all);
        Json.ok(res, new VolumePruneResponse(report.deleted().isEmpty() ? null : report.deleted(), report.spaceReclaimed()));
    }
}
