package dev.berth.api.routes;

import dev.berth.api.http.ApiRequest;
import dev.berth.api.http.HttpResponder;
import dev.berth.api.http.Json;
import dev.berth.api.http.Router;
import dev.berth.api.mappers.StatsMapper;
import dev.berth.common.error.BerthException;
import dev.berth.core.container.StatsService;
import dev.berth.core.runtime.ResourceUsage;
import io.netty.handler.codec.http.HttpResponseStatus;
import java.io.IOException;
import java.io.OutputStream;
import java.time.Duration;

/**
 * {@code GET /containers/{id}/stats}: a JSON line per second while streaming (headers flushed at
 * once, each line flushed), else one line. Like dockerd, a single reading waits one interval for a
 * second sample so the CPU % has a previous value, unless {@code one-shot} asks for speed.
 */
final class StatsRoutes {
    static final Duration INTERVAL = Duration.ofSeconds(1);

    private final StatsService stats;

    StatsRoutes(StatsService stats) {
        this.stats = stats;
    }

    void register(Router r) {
        r.get("/containers/{id}/stats", this::stats);
    }

    private void stats(ApiRequest req, HttpResponder res) throws IOException, InterruptedException {
        boolean stream = req.query("stream") == null || req.query("stream").isEmpty() || req.bool("stream");
        boolean oneShot = req.bool("one-shot");
        if (oneShot && stream) throw new BerthException.InvalidArgument("cannot have stream=true and one-shot=true");
        String id = req.pathParam("id");
        StatsService.Sample first = stats.sample(id); // an unknown container is a 404 before any header
        OutputStream out = res.startStream(HttpResponseStatus.OK, "application/json", null);
        out.flush();
        if (!stream) {
            StatsService.Sample sample = first;
            ResourceUsage previous = null;
            if (!oneShot && first.usage() != null) {
                Thread.sleep(INTERVAL);
                previous = first.usage();
                sample = sampleOrNull(id);
                if (sample == null) sample = first;
            }
            writeLine(out, StatsMapper.line(sample, previous));
            out.close();
            return;
        }
        ResourceUsage previous = null;
        try {
            for (StatsService.Sample s = first; s != null && !res.clientGone(); s = sampleOrNull(id)) {
                writeLine(out, StatsMapper.line(s, previous));
                previous = s.usage();
                Thread.sleep(INTERVAL);
            }
            out.close();
        } catch (IOException clientGone) {
            // docker stats was interrupted
        }
    }

    /** Null once the container was removed: the stream ends. */
    private StatsService.Sample sampleOrNull(String id) {
        try {
            return stats.sample(id);
        } catch (BerthException.NotFound removed) {
            return null;
        }
    }

    private static void writeLine(OutputStream out, Object line) throws IOException {
        out.write(Json.bytes(line));
        out.write('\n');
        out.flush();
    }
}
