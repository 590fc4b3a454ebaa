package dev.berth.api.routes;

import dev.berth.api.http.ApiRequest;
import dev.berth.api.http.HttpResponder;
import dev.berth.api.http.Json;
import dev.berth.api.http.Router;
import dev.berth.api.mappers.PathStatMapper;
import dev.berth.common.error.BerthException;
import dev.berth.core.container.ContainerFilesystemService;
import dev.berth.core.container.Snapshotter;
import io.netty.handler.codec.http.DefaultHttpHeaders;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponseStatus;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A container's files: {@code /containers/{id}/archive} (HEAD stat, GET copy out, PUT copy in,
 * as {@code docker cp} uses them), {@code /export} and {@code /changes}. Archives stream both
 * ways; nothing is buffered whole.
 */
final class ArchiveRoutes {
    private static final String TAR = "application/x-tar";

    private final ContainerFilesystemService files;

    ArchiveRoutes(ContainerFilesystemService files) {
        this.files = files;
    }

    void register(Router r) {
        r.head("/containers/{id}/archive", this::stat);
        r.get("/containers/{id}/archive", this::archive);
        r.add(HttpMethod.PUT, "/containers/{id}/archive", this::extract);
        r.get("/containers/{id}/export", this::export);
        r.get("/containers/{id}/changes", this::changes);
    }

    private void stat(ApiRequest req, HttpResponder res) {
        var stat = files.statPath(req.pathParam("id"), path(req));
        HttpHeaders headers = new DefaultHttpHeaders().set(PathStatMapper.HEADER, PathStatMapper.header(stat));
        res.send(HttpResponseStatus.OK, null, new byte[0], headers);
    }

    private void archive(ApiRequest req, HttpResponder res) throws IOException {
        var archive = files.archive(req.pathParam("id"), path(req));
        HttpHeaders headers = new DefaultHttpHeaders().set(PathStatMapper.HEADER, PathStatMapper.header(archive.stat()));
        stream(archive.tar(), res, headers);
    }

    private void extract(ApiRequest req, HttpResponder res) {
        files.extract(req.pathParam("id"), path(req), req.body(), req.bool("noOverwriteDirNonDir"), req.bool("copyUIDGID"));
        res.send(HttpResponseStatus.OK, null, new byte[0], null);
    }

    private void export(ApiRequest req, HttpResponder res) throws IOException {
        stream(files.export(req.pathParam("id")), res, null);
    }

    private void changes(ApiRequest req, HttpResponder res) {
        List<Map<String, Object>> out = files.changes(req.pathParam("id")).stream().map(ArchiveRoutes::change).toList();
        Json.ok(res, out);
    }

    /** Docker's kinds: 0 modified, 1 added, 2 deleted. */
    static Map<String, Object> change(Snapshotter.Change c) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("Path", c.path());
        m.put("Kind", switch (c.kind()) {
            case MODIFIED -> 0;
            case ADDED -> 1;
            case DELETED -> 2;
        });
        return m;
    }

    /** Streams the tar and always closes it: closing is what releases the container's mount. */
    private static void stream(InputStream tar, HttpResponder res, HttpHeaders headers) throws IOException {
        try (tar) {
            OutputStream out = res.startStream(HttpResponseStatus.OK, TAR, headers);
            tar.transferTo(out);
            out.close();
        }
    }

    private static String path(ApiRequest req) {
        String path = req.query("path");
        if (path == null || path.isEmpty()) throw new BerthException.InvalidArgument("bad parameter: path cannot be empty");
        return path;
    }
}
