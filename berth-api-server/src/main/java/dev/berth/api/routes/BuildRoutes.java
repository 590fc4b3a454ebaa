package dev.berth.api.routes;

import com.fasterxml.jackson.core.type.TypeReference;
import dev.berth.api.http.ApiRequest;
import dev.berth.api.http.HttpResponder;
import dev.berth.api.http.Json;
import dev.berth.api.http.Router;
import dev.berth.common.error.BerthException;
import dev.berth.core.build.BuildRequest;
import dev.berth.core.build.BuildService;
import dev.berth.core.image.Digest;
import dev.berth.core.image.Progress;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * {@code POST /build}: the classic builder, as the docker CLI uses it without BuildKit. The body
 * (the context tar) is handed to the builder as a stream, never aggregated. With {@code q=1}
 * the output is held back and only the image ID is sent, unless the build fails (dockerd then
 * sends what it held back before the error).
 */
final class BuildRoutes {
    private final BuildService builds;

    BuildRoutes(BuildService builds) {
        this.builds = builds;
    }

    void register(Router r) {
        r.post("/build", this::build);
    }

    private void build(ApiRequest req, HttpResponder res) {
        String remote = req.query("remote");
        if (remote != null && !remote.isEmpty()) {
            throw new BerthException.InvalidArgument("remote build contexts (" + remote + ") are not supported: "
                + "Berth's builder has no network access; clone or download the context and build from a directory");
        }
        String rm = req.query("rm");
        var request = new BuildRequest(req.body(), req.query("dockerfile"), req.queryAll("t"),
            jsonMap(req.query("buildargs"), "buildargs"), req.query("target"), jsonMap(req.query("labels"), "labels"),
            req.query("networkmode"), req.bool("nocache"), req.bool("pull"), rm == null || rm.isEmpty() || req.bool("rm"),
            req.bool("forcerm"), jsonList(req.query("cachefrom")));
        var stream = new ProgressStream(res);
        if (!req.bool("q")) {
            stream.run(() -> builds.build(request, stream));
            return;
        }
        var held = new HeldOutput();
        stream.run(() -> {
            Digest id;
            try {
                id = builds.build(request, held);
            } catch (RuntimeException e) {
                held.texts.forEach(stream::stream);
                throw e;
            }
            stream.stream(id + "\n");
        });
    }

    /** {@code -q}: the build's messages, kept until the outcome is known. */
    private static final class HeldOutput implements Progress {
        final List<String> texts = new ArrayList<>();

        @Override public void status(String id, String status) {}
        @Override public void bytes(String id, String status, long current, long total) {}
        @Override public synchronized void stream(String text) { texts.add(text); }
        @Override public void aux(Map<String, Object> aux) {}
    }

    private static Map<String, String> jsonMap(String json, String name) {
        if (json == null || json.isEmpty()) return Map.of();
        try {
            return Json.MAPPER.readValue(json, new TypeReference<java.util.LinkedHashMap<String, String>>() {});
        } catch (IOException e) {
            throw new BerthException.InvalidArgument("invalid " + name + " parameter: " + e.getMessage(), e);
        }
    }

    private static List<String> jsonList(String json) {
        if (json == null || json.isEmpty()) return List.of();
        try {
            return Json.MAPPER.readValue(json, new TypeReference<List<String>>() {});
        } catch (IOException e) {
            throw new BerthException.InvalidArgument("invalid cachefrom parameter: " + e.getMessage(), e);
        }
    }
}
