package dev.berth.api.routes;

import dev.berth.api.http.ApiRequest;
import dev.berth.api.http.HijackedConnection;
import dev.berth.api.http.HttpResponder;
import dev.berth.api.http.Json;
import dev.berth.api.http.Router;
import dev.berth.api.mappers.ExecMapper;
import dev.berth.api.streams.DetachKeys;
import dev.berth.api.streams.MultiplexedWriter;
import dev.berth.api.streams.StdioBridge;
import dev.berth.api.types.ExecCreateRequest;
import dev.berth.api.types.ExecStartRequest;
import dev.berth.api.types.IdResponse;
import dev.berth.common.error.BerthException;
import dev.berth.core.container.ExecService;
import dev.berth.core.container.StdioSession;
import io.netty.handler.codec.http.HttpResponseStatus;
import java.io.IOException;
import java.nio.charset.StandardCharsets;

/** {@code POST /containers/{id}/exec} and the {@code /exec/…} routes. */
final class ExecRoutes {
    private final ExecService execs;

    ExecRoutes(ExecService execs) {
        this.execs = execs;
    }

    void register(Router r) {
        r.post("/containers/{id}/exec", this::create);
        r.post("/exec/{id}/start", this::start);
        r.post("/exec/{id}/resize", this::resize);
        r.get("/exec/{id}/json", (q, s) -> Json.ok(s, ExecMapper.inspect(execs.inspect(q.pathParam("id")))));
    }

    private void create(ApiRequest req, HttpResponder res) {
        var config = ExecMapper.create(Json.read(req.body(), ExecCreateRequest.class));
        Json.send(res, HttpResponseStatus.CREATED, new IdResponse(execs.create(req.pathParam("id"), config)));
    }

    /**
     * Detached: runs and answers 200. Attached, as dockerd: the unknown or already started exec is
     * an HTTP error, then the connection is taken over and only then the process started (its
     * session connects before it runs, so no output is lost); a process that cannot start has its
     * error written into the stream, and its 126/127 recorded for the client's inspect.
     */
    private void start(ApiRequest req, HttpResponder res) {
        ExecStartRequest body = Json.read(req.body(), ExecStartRequest.class);
        String id = req.pathParam("id");
        ExecService.Exec e = execs.inspect(id);
        if (e.started()) {
            throw new BerthException.Conflict("Error: Exec command " + id + (e.running() ? " is already running" : " has already run"));
        }
        var size = body == null ? null : ExecMapper.consoleSize(body.consoleSize());
        if (body != null && body.detach()) {
            execs.startDetached(id, size);
            res.send(HttpResponseStatus.OK, null, new byte[0], null);
            return;
        }
        var c = e.config();
        HijackedConnection conn = res.hijack(StdioBridge.contentType(c.tty(), req.apiAtLeast("1.42")));
        StdioSession session;
        try {
            session = execs.startAttached(id, size);
        } catch (BerthException ex) {
            writeError(conn, c.tty(), ex.getMessage());
            return;
        }
        StdioBridge.pump(session, conn, c.tty(), c.attachStdin(), c.attachStdout(), c.attachStderr(),
            DetachKeys.parse(c.detachKeys()));
    }

    /** dockerd writes a start failure to the client's stdout, then ends the stream. */
    private static void writeError(HijackedConnection conn, boolean tty, String message) {
        byte[] text = (message + "\r\n").getBytes(StandardCharsets.UTF_8);
        try {
            if (tty) conn.out().write(text);
            else new MultiplexedWriter(conn.out()).write(StdioSession.Stream.STDOUT, text);
        } catch (IOException gone) {
            // the client left: nothing to tell
        }
        conn.closeWrite();
        conn.close();
    }

    private void resize(ApiRequest req, HttpResponder res) {
        execs.resize(req.pathParam("id"), intParam(req, "w"), intParam(req, "h"));
        res.send(HttpResponseStatus.OK, null, new byte[0], null);
    }

    private static int intParam(ApiRequest req, String name) {
        try {
            return Integer.parseInt(req.query(name, "0"));
        } catch (NumberFormatException e) {
            throw new BerthException.InvalidArgument("invalid " + name + ": " + req.query(name));
        }
    }
}
