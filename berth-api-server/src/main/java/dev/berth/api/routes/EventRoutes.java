package dev.berth.api.routes;

import dev.berth.api.http.ApiRequest;
import dev.berth.api.http.HttpResponder;
import dev.berth.api.http.Json;
import dev.berth.api.http.Router;
import dev.berth.api.mappers.EventMapper;
import dev.berth.api.mappers.FiltersMapper;
import dev.berth.api.mappers.Timestamps;
import dev.berth.core.event.Event;
import dev.berth.core.event.EventBus;
import dev.berth.core.filter.Filters;
import io.netty.handler.codec.http.HttpResponseStatus;
import java.io.IOException;
import java.io.OutputStream;
import java.util.Set;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/** {@code GET /events}: replay since {@code since}, then stream live until {@code until} or the client leaves. */
final class EventRoutes {
    private static final Set<String> FILTERS = Set.of("config", "container", "daemon", "event", "image", "label",
        "network", "node", "plugin", "scope", "secret", "service", "type", "volume");

    private final EventBus bus;

    EventRoutes(EventBus bus) {
        this.bus = bus;
    }

    void register(Router r) {
        r.get("/events", this::events);
    }

    private void events(ApiRequest req, HttpResponder res) throws IOException, InterruptedException {
        Filters filters = FiltersMapper.parse(req.query("filters")).allowOnly(FILTERS);
        long now = System.currentTimeMillis() * 1_000_000L;
        long since = Timestamps.parseNanos(req.query("since"), now, Long.MAX_VALUE);
        long until = Timestamps.parseNanos(req.query("until"), now, Long.MAX_VALUE);
        var queue = new LinkedBlockingQueue<Event>();
        try (var sub = bus.subscribe(since, queue::add)) {
            OutputStream out = res.startStream(HttpResponseStatus.OK, "application/json", null);
            out.flush();
            for (Event e : sub.replay()) {
                if (e.timeNano() > until) return;
                write(out, e, filters);
            }
            while (!res.clientGone()) {
                long wait = until == Long.MAX_VALUE ? 1000 : Math.min(1000, (until - System.currentTimeMillis() * 1_000_000L) / 1_000_000L);
                if (wait <= 0) return;
                Event e = queue.poll(wait, TimeUnit.MILLISECONDS);
                if (e == null) continue;
                if (e.timeNano() > until) return;
                write(out, e, filters);
            }
        }
    }

    private static void write(OutputStream out, Event e, Filters filters) throws IOException {
        if (!EventBus.matches(e, filters)) return;
        out.write(Json.bytes(EventMapper.toWire(e)));
        out.write('\n');
        out.flush();
    }
}
