package dev.berth.api.routes;

import dev.berth.api.http.ApiRequest;
import dev.berth.api.http.HttpResponder;
import dev.berth.api.http.Json;
import dev.berth.api.http.Router;
import dev.berth.api.types.ContainerConfig;
import dev.berth.common.error.BerthException;
import dev.berth.core.container.ContainerFilesystemService;
import dev.berth.core.image.ImageConfig;
import io.netty.handler.codec.http.HttpResponseStatus;
import java.time.Duration;
import java.util.Map;
import java.util.Set;

/** {@code POST /commit}: an image from a container ({@code docker commit}). */
final class CommitRoutes {
    private final ContainerFilesystemService files;

    CommitRoutes(ContainerFilesystemService files) {
        this.files = files;
    }

    void register(Router r) {
        r.post("/commit", this::commit);
    }

    private void commit(ApiRequest req, HttpResponder res) {
        String container = req.query("container");
        if (container == null || container.isEmpty()) throw new BerthException.NotFound("No such container: ");
        ContainerConfig body = Json.read(req.body(), ContainerConfig.class);
        // as dockerd: from API 1.13 on, an absent pause means pause
        String p = req.query("pause");
        boolean pause = p == null || p.isEmpty() ? req.apiAtLeast("1.13") : req.bool("pause");
        var request = new ContainerFilesystemService.CommitRequest(container, req.query("repo"), req.query("tag"),
            req.query("comment"), req.query("author"), pause, req.queryAll("changes"), body == null ? null : imageConfig(body));
        String id = files.commit(request);
        Json.send(res, HttpResponseStatus.CREATED, Map.of("Id", id));
    }

    /** The overrides a client sent as an image config (fields a commit does not keep are dropped). */
    static ImageConfig imageConfig(ContainerConfig c) {
        return new ImageConfig(c.hostname(), c.domainname(), c.user(), keys(c.exposedPorts()), c.env(), c.cmd(), null,
            null, keys(c.volumes()), c.workingDir(), c.entrypoint(), c.onBuild(), c.labels(),
            c.stopSignal() == null || c.stopSignal().isEmpty() ? null : c.stopSignal(),
            c.stopTimeout() == null ? null : Duration.ofSeconds(c.stopTimeout()), c.shell());
    }

    private static Set<String> keys(Map<String, ?> m) {
        return m == null ? null : m.keySet();
    }
}
