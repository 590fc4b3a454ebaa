package dev.berth.api.routes;

import dev.berth.api.http.ApiRequest;
import dev.berth.api.http.HttpResponder;
import dev.berth.api.http.Json;
import dev.berth.api.http.Router;
import dev.berth.api.mappers.AuthMapper;
import dev.berth.api.mappers.FiltersMapper;
import dev.berth.api.mappers.ImageMapper;
import dev.berth.api.types.ImagePruneResponse;
import dev.berth.common.error.BerthException;
import dev.berth.core.filter.Filters;
import dev.berth.core.image.Image;
import dev.berth.core.image.ImageReference;
import dev.berth.core.image.ImageService;
import io.netty.handler.codec.http.HttpResponseStatus;
import java.io.IOException;
import java.io.OutputStream;
import java.util.List;
import java.util.Set;

/** The {@code /images/…} routes. */
final class ImageRoutes {
    private static final Set<String> LIST_FILTERS = Set.of("before", "dangling", "label", "reference", "since", "until");
    private static final Set<String> PRUNE_FILTERS = Set.of("dangling", "label", "label!", "until");

    private final ImageService images;

    ImageRoutes(ImageService images) {
        this.images = images;
    }

    void register(Router r) {
        r.get("/images/json", this::list);
        r.post("/images/create", this::create);
        r.post("/images/load", this::load);
        r.get("/images/get", this::saveMany);
        r.post("/images/prune", this::prune);
        r.get("/images/search", (req, res) -> {
            throw new BerthException.NotImplemented("image search needs Docker Hub, which Berth does not contact");
        });
        r.get("/images/{name:.+}/get", this::saveOne);
        r.get("/images/{name:.+}/json", this::inspect);
        r.get("/images/{name:.+}/history", this::history);
        r.post("/images/{name:.+}/push", this::push);
        r.post("/images/{name:.+}/tag", this::tag);
        r.delete("/images/{name:.+}", this::remove);
    }

    private void list(ApiRequest req, HttpResponder res) {
        Filters filters = FiltersMapper.parse(req.query("filters")).allowOnly(LIST_FILTERS);
        List<Image> list = images.list(filters, req.bool("all"));
        Json.ok(res, list.stream().map(i -> ImageMapper.summary(i, -1, -1, req.apiVersion())).toList());
    }

    private void inspect(ApiRequest req, HttpResponder res) {
        Image image = images.inspect(req.pathParam("name"));
        Json.ok(res, ImageMapper.inspect(image, images.storageDriver(), req.apiVersion()));
    }

    private void history(ApiRequest req, HttpResponder res) {
        Json.ok(res, images.history(req.pathParam("name")).stream().map(ImageMapper::history).toList());
    }

    private void tag(ApiRequest req, HttpResponder res) {
        String repo = req.query("repo");
        if (repo == null || repo.isEmpty()) throw new BerthException.InvalidArgument("repository name must have at least one component");
        images.tag(req.pathParam("name"), repo, req.query("tag", ""));
        res.send(HttpResponseStatus.CREATED, null, new byte[0], null);
    }

    private void remove(ApiRequest req, HttpResponder res) {
        Json.ok(res, ImageMapper.deletions(images.remove(req.pathParam("name"), req.bool("force"), req.bool("noprune"))));
    }

    private void prune(ApiRequest req, HttpResponder res) {
        Filters filters = FiltersMapper.parse(req.query("filters")).allowOnly(PRUNE_FILTERS);
        var report = images.prune(filters);
        var deleted = report.deleted().isEmpty() ? null : ImageMapper.deletions(report.deleted());
        Json.ok(res, new ImagePruneResponse(deleted, report.spaceReclaimed()));
    }

    /** {@code POST /images/create}: pull ({@code fromImage}) or import ({@code fromSrc}). */
    private void create(ApiRequest req, HttpResponder res) {
        String fromImage = req.query("fromImage");
        String fromSrc = req.query("fromSrc");
        var progress = new ProgressStream(res);
        if (fromImage != null && !fromImage.isEmpty()) {
            String ref = withTag(fromImage, req.query("tag"));
            var credentials = AuthMapper.fromHeader(req.headers().get("X-Registry-Auth"));
            progress.run(() -> images.pull(ref, credentials, progress));
        } else if (fromSrc != null && !fromSrc.isEmpty()) {
            if (!fromSrc.equals("-")) {
                throw new BerthException.InvalidArgument("importing from a URL is not supported; pipe the archive to 'docker import -'");
            }
            var request = new ImageService.ImportRequest(req.body(), req.query("repo"), req.query("tag"),
                req.query("message"), req.queryAll("changes"), req.query("platform"));
            progress.run(() -> images.importRootfs(request, progress));
        } else {
            throw new BerthException.InvalidArgument("either fromImage or fromSrc is required");
        }
    }

    /** The CLI sends {@code fromImage=busybox&tag=latest}, or a digest in {@code tag}. */
    static String withTag(String image, String tag) {
        if (tag == null || tag.isEmpty()) return image;
        if (tag.startsWith("sha256:")) return image + "@" + tag;
        ImageReference.parse(image);
        return image + ":" + tag;
    }

    private void load(ApiRequest req, HttpResponder res) {
        var progress = new ProgressStream(res);
        progress.run(() -> images.load(req.body(), progress));
    }

    private void push(ApiRequest req, HttpResponder res) {
        var credentials = AuthMapper.fromHeader(req.headers().get("X-Registry-Auth"));
        var progress = new ProgressStream(res);
        String tag = req.query("tag");
        progress.run(() -> images.push(req.pathParam("name"), tag == null || tag.isEmpty() ? null : tag, credentials, progress));
    }

    private void saveMany(ApiRequest req, HttpResponder res) throws IOException {
        save(req.queryAll("names"), res);
    }

    private void saveOne(ApiRequest req, HttpResponder res) throws IOException {
        save(List.of(req.pathParam("name")), res);
    }

    private void save(List<String> names, HttpResponder res) throws IOException {
        if (names.isEmpty()) throw new BerthException.InvalidArgument("no images given to save");
        for (String n : names) images.inspect(n); // unknown names → 404 before any byte is sent
        OutputStream out = res.startStream(HttpResponseStatus.OK, "application/x-tar", null);
        images.save(names, out);
        out.close();
    }
}
