package dev.berth.api.routes;

import com.fasterxml.jackson.databind.JsonNode;
import dev.berth.api.http.ApiRequest;
import dev.berth.api.http.HttpResponder;
import dev.berth.api.http.Json;
import dev.berth.api.http.Router;
import dev.berth.api.http.HijackedConnection;
import dev.berth.api.streams.DetachKeys;
import dev.berth.api.streams.StdioBridge;
import dev.berth.api.mappers.ContainerMapper;
import dev.berth.api.mappers.ContainerViewMapper;
import dev.berth.api.mappers.FiltersMapper;
import dev.berth.api.mappers.SizeMapper;
import dev.berth.api.mappers.Timestamps;
import dev.berth.api.types.ContainerConfig;
import dev.berth.api.types.ContainerCreateRequest;
import dev.berth.api.types.ContainerCreateResponse;
import dev.berth.api.types.ContainerPruneResponse;
import dev.berth.api.types.ContainerTopResponse;
import dev.berth.api.types.ContainerUpdateRequest;
import dev.berth.api.types.ContainerUpdateResponse;
import dev.berth.api.types.ContainerWaitResponse;
import dev.berth.api.types.HostConfig;
import dev.berth.common.error.BerthException;
import dev.berth.core.container.Container;
import dev.berth.core.container.ContainerFilesystemService;
import dev.berth.core.container.ContainerService;
import dev.berth.core.container.ContainerService.WaitCondition;
import dev.berth.core.container.StdioSession;
import dev.berth.core.image.ImageService;
import io.netty.handler.codec.http.HttpResponseStatus;
import java.io.IOException;
import java.io.OutputStream;
import java.time.Duration;
import java.time.Instant;
import java.util.Set;

/** The {@code /containers/…} routes. */
final class ContainerRoutes {
    private static final Set<String> LIST_FILTERS = Set.of("ancestor", "before", "expose", "exited", "health", "id",
        "isolation", "is-task", "label", "name", "network", "publish", "since", "status", "volume");
    private static final Set<String> PRUNE_FILTERS = Set.of("label", "label!", "until");

    private final ContainerService containers;
    private final ImageService images;
    private final String runtimeName;
    private final ContainerFilesystemService files;

    /** @param files for {@code size=1} (SizeRw, SizeRootFs); null ignores it */
    ContainerRoutes(ContainerService containers, ImageService images, String runtimeName, ContainerFilesystemService files) {
        this.containers = containers;
        this.images = images;
        this.runtimeName = runtimeName;
        this.files = files;
    }

    void register(Router r) {
        r.post("/containers/create", this::create);
        r.get("/containers/json", this::list);
        r.post("/containers/prune", this::prune);
        r.get("/containers/{id}/json", this::inspect);
        r.post("/containers/{id}/start", (q, s) -> { containers.start(q.pathParam("id")); noContent(s); });
        r.post("/containers/{id}/stop", (q, s) -> { containers.stop(q.pathParam("id"), timeout(q)); noContent(s); });
        r.post("/containers/{id}/restart", (q, s) -> { containers.restart(q.pathParam("id"), timeout(q)); noContent(s); });
        r.post("/containers/{id}/kill", (q, s) -> { containers.kill(q.pathParam("id"), q.query("signal")); noContent(s); });
        r.post("/containers/{id}/pause", (q, s) -> { containers.pause(q.pathParam("id")); noContent(s); });
        r.post("/containers/{id}/unpause", (q, s) -> { containers.unpause(q.pathParam("id")); noContent(s); });
        r.post("/containers/{id}/rename", (q, s) -> { containers.rename(q.pathParam("id"), q.query("name")); noContent(s); });
        r.post("/containers/{id}/wait", this::waitFor);
        r.post("/containers/{id}/update", this::update);
        r.post("/containers/{id}/attach", this::attach);
        r.post("/containers/{id}/resize", this::resize);
        r.get("/containers/{id}/top", this::top);
        r.get("/containers/{id}/logs", this::logs);
        r.delete("/containers/{id}", (q, s) -> { containers.remove(q.pathParam("id"), q.bool("force"), q.bool("v")); noContent(s); });
    }

    private static void noContent(HttpResponder res) {
        res.send(HttpResponseStatus.NO_CONTENT, null, new byte[0], null);
    }

    /** {@code t} in seconds; absent means the container's own StopTimeout; -1 waits forever. */
    private static Duration timeout(ApiRequest req) {
        String t = req.query("t");
        if (t == null || t.isEmpty()) return null;
        try {
            int secs = Integer.parseInt(t);
            return secs < 0 ? Duration.ofSeconds(-1) : Duration.ofSeconds(secs);
        } catch (NumberFormatException e) {
            throw new BerthException.InvalidArgument("invalid value for t: " + t);
        }
    }

    private void create(ApiRequest req, HttpResponder res) {
        JsonNode body = Json.read(req.body(), JsonNode.class);
        if (body == null) throw new BerthException.InvalidArgument("invalid JSON: request body is empty");
        ContainerConfig config;
        HostConfig host;
        ContainerCreateRequest.NetworkingConfig networking;
        try {
            config = Json.MAPPER.treeToValue(body, ContainerConfig.class);
            host = body.hasNonNull("HostConfig") ? Json.MAPPER.treeToValue(body.get("HostConfig"), HostConfig.class) : null;
            networking = body.hasNonNull("NetworkingConfig")
                ? Json.MAPPER.treeToValue(body.get("NetworkingConfig"), ContainerCreateRequest.NetworkingConfig.class) : null;
        } catch (IOException e) {
            throw new BerthException.InvalidArgument("invalid JSON: " + e.getMessage(), e);
        }
        String mac = body.hasNonNull("MacAddress") ? body.get("MacAddress").asText() : null;
        var request = ContainerMapper.create(req.query("name"), new ContainerCreateRequest(config, host, networking, mac));
        var result = containers.create(request);
        Json.send(res, HttpResponseStatus.CREATED, new ContainerCreateResponse(result.id(), result.warnings()));
    }

    private void list(ApiRequest req, HttpResponder res) {
        var filters = FiltersMapper.parse(req.query("filters")).allowOnly(LIST_FILTERS);
        int limit = req.query("limit") == null || req.query("limit").isEmpty() ? -1 : Integer.parseInt(req.query("limit"));
        var list = containers.list(new ContainerService.ListOptions(req.bool("all"), limit, filters));
        Instant now = Instant.now();
        boolean size = files != null && req.bool("size");
        Json.ok(res, list.stream()
            .map(c -> sized(ContainerViewMapper.summary(c, now, containers.health(c.id()), containers.networkStatus(c.id())), size,
                c.id())).toList());
    }

    private void inspect(ApiRequest req, HttpResponder res) {
        Container c = containers.inspect(req.pathParam("id"));
        boolean size = files != null && req.bool("size");
        Json.ok(res, sized(ContainerViewMapper.inspect(c, images.storageDriver(), runtimeName, containers.execIds(c.id()),
            containers.health(c.id()), containers.networkStatus(c.id()), containers.driverData(c.id())), size, c.id()));
    }

    /** Adds SizeRw and SizeRootFs when asked ({@code ps -s}, {@code inspect -s}); they are costly, so only then. */
    private Object sized(Object view, boolean size, String id) {
        if (!size) return view;
        try {
            var sizes = files.sizes(id);
            return SizeMapper.withSizes(view, sizes.sizeRw(), sizes.sizeRootFs());
        } catch (BerthException.NotFound gone) {
            return view; // removed meanwhile (list): show it without sizes
        }
    }

    private void prune(ApiRequest req, HttpResponder res) {
        var report = containers.prune(FiltersMapper.parse(req.query("filters")).allowOnly(PRUNE_FILTERS));
        Json.ok(res, new ContainerPruneResponse(report.deleted().isEmpty() ? null : report.deleted(), report.spaceReclaimed()));
    }

    private void top(ApiRequest req, HttpResponder res) {
        var top = containers.top(req.pathParam("id"), req.query("ps_args"));
        Json.ok(res, new ContainerTopResponse(top.processes(), top.titles()));
    }

    private void update(ApiRequest req, HttpResponder res) {
        ContainerUpdateRequest u = Json.read(req.body(), ContainerUpdateRequest.class);
        if (u == null) throw new BerthException.InvalidArgument("invalid JSON: request body is empty");
        var policy = u.restartPolicy() == null ? null : ContainerMapper.restartPolicy(u.restartPolicy());
        var warnings = containers.update(req.pathParam("id"), ContainerMapper.update(u), policy);
        Json.ok(res, new ContainerUpdateResponse(warnings));
    }

    /** Headers go out at once (the CLI waits for them before starting the container); the body when the wait ends. */
    private void waitFor(ApiRequest req, HttpResponder res) throws IOException {
        WaitCondition condition = switch (req.query("condition", "")) {
            case "", "not-running" -> WaitCondition.NOT_RUNNING;
            case "next-exit" -> WaitCondition.NEXT_EXIT;
            case "removed" -> WaitCondition.REMOVED;
            default -> throw new BerthException.InvalidArgument("invalid condition: \"" + req.query("condition") + "\"");
        };
        var future = containers.waitFor(req.pathParam("id"), condition);
        OutputStream out = res.startStream(HttpResponseStatus.OK, "application/json", null);
        out.flush();
        try {
            while (!future.isDone()) {
                try {
                    future.get(1, java.util.concurrent.TimeUnit.SECONDS);
                } catch (java.util.concurrent.TimeoutException e) {
                    if (res.clientGone()) return;
                }
            }
            var r = future.get();
            var error = r.error() == null ? null : new ContainerWaitResponse.WaitError(r.error());
            out.write(Json.bytes(new ContainerWaitResponse(error, r.statusCode())));
            out.write('\n');
            out.close();
        } catch (java.util.concurrent.ExecutionException | InterruptedException e) {
            out.write(Json.bytes(new ContainerWaitResponse(new ContainerWaitResponse.WaitError(e.getMessage()), -1)));
            out.close();
        } catch (IOException clientGone) {
            // the client stopped waiting (docker run exits as soon as it has the status)
        } finally {
            future.cancel(false);
        }
    }

    private void logs(ApiRequest req, HttpResponder res) throws IOException {
        boolean stdout = req.bool("stdout");
        boolean stderr = req.bool("stderr");
        if (!stdout && !stderr) throw new BerthException.InvalidArgument("Bad parameters: you must choose at least one stream");
        Container c = containers.inspect(req.pathParam("id"));
        dev.berth.core.container.LogConfig.requireReadable(c.hostConfig().logConfig()); // before the 200 goes out
        long now = System.currentTimeMillis() * 1_000_000L;
        long since = Timestamps.parseNanos(req.query("since"), now, 0);
        long until = Timestamps.parseNanos(req.query("until"), now, 0);
        String tail = req.query("tail", "all");
        int tailN = tail.isEmpty() || tail.equals("all") ? -1 : parseTail(tail);
        var options = new ContainerService.LogOptions(stdout, stderr, req.bool("follow"), since == 0 ? null : instant(since),
            until == 0 ? null : instant(until), req.bool("timestamps"), tailN);
        boolean tty = c.config().tty();
        OutputStream out = res.startStream(HttpResponseStatus.OK, tty ? MultiplexedStream.RAW : MultiplexedStream.MULTIPLEXED, null);
        out.flush();
        var frames = new MultiplexedStream(out, tty);
        byte[] details = req.bool("details") ? dev.berth.api.streams.LogDetails.prefix(c) : null; // after the timestamp, as dockerd
        try {
            containers.logs(c.id(), options, new ContainerService.LogSink() {
                @Override public void write(StdioSession.Stream stream, Instant time, byte[] data) throws IOException {
                    if (time != null) frames.write(stream, (Timestamps.rfc3339(time) + " ").getBytes(java.nio.charset.StandardCharsets.UTF_8));
                    if (details != null) frames.write(stream, details);
                    frames.write(stream, data);
                }

                @Override public void write(StdioSession.Stream stream, Instant time, byte[] buffer, int off, int len,
                                            boolean newline) throws IOException {
                    if (time != null) frames.write(stream, (Timestamps.rfc3339(time) + " ").getBytes(java.nio.charset.StandardCharsets.UTF_8));
                    if (details != null) frames.write(stream, details);
                    frames.write(stream, buffer, off, len);
                    if (newline) frames.write(stream, NEWLINE);
                }

                @Override public void flush() throws IOException { frames.flush(); }
            });
        } catch (IOException clientGone) {
            return;
        }
        frames.flush(); // what the last batch left pending
        out.close();
    }

    private static final byte[] NEWLINE = {'\n'};

    private static int parseTail(String tail) {
        try {
            return Math.max(0, Integer.parseInt(tail));
        } catch (NumberFormatException e) {
            return -1; // dockerd treats an unparsable tail as "all"
        }
    }

    private static Instant instant(long nanos) {
        return Instant.ofEpochSecond(nanos / 1_000_000_000L, nanos % 1_000_000_000L);
    }

    private void resize(ApiRequest req, HttpResponder res) {
        int height = intParam(req, "h");
        int width = intParam(req, "w");
        containers.resize(req.pathParam("id"), width, height);
        res.send(HttpResponseStatus.OK, null, new byte[0], null);
    }

    private static int intParam(ApiRequest req, String name) {
        try {
            return Integer.parseInt(req.query(name, "0"));
        } catch (NumberFormatException e) {
            throw new BerthException.InvalidArgument("invalid " + name + ": " + req.query(name));
        }
    }

    /**
     * Connects the client to the container's streams over the hijacked connection, as dockerd: the
     * session is opened first, so an unknown container is still a proper 404, then the connection
     * is taken over and pumped until the process ends, the client detaches or goes away.
     */
    private void attach(ApiRequest req, HttpResponder res) {
        Container c = containers.inspect(req.pathParam("id"));
        DetachKeys keys = DetachKeys.parse(req.query("detachKeys"));
        boolean stdin = req.bool("stdin");
        var options = new ContainerService.AttachOptions(stdin, req.bool("stdout"), req.bool("stderr"),
            req.bool("stream"), req.bool("logs"));
        boolean tty = c.config().tty();
        StdioSession session = containers.attach(c.id(), options);
        HijackedConnection conn = res.hijack(StdioBridge.contentType(tty, req.apiAtLeast("1.42")));
        StdioBridge.pump(session, conn, tty, stdin, options.stdout(), options.stderr(), keys);
    }
}
