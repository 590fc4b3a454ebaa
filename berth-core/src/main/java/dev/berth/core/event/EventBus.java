package dev.berth.core.event;

import dev.berth.core.filter.Filters;
import java.time.Clock;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

/**
 * Publishes events to live subscribers and keeps the most recent ones so that
 * {@code docker events --since} can replay them. Thread-safe; subscribers are called on the
 * publishing thread and must hand work off quickly.
 */
public final class EventBus {
    private static final int HISTORY_LIMIT = 1024;

    private final Clock clock;
    private final Deque<Event> history = new ArrayDeque<>();
    private final List<Consumer<Event>> subscribers = new CopyOnWriteArrayList<>();

    public EventBus(Clock clock) {
        this.clock = clock;
    }

    public void publish(String type, String action, String actorId, Map<String, String> attributes) {
        var now = clock.instant();
        long nanos = now.getEpochSecond() * 1_000_000_000L + now.getNano();
        Event event = new Event(type, action, actorId, attributes, "local", nanos);
        synchronized (history) {
            history.addLast(event);
            if (history.size() > HISTORY_LIMIT) history.removeFirst();
            // deliver under the lock so that a subscriber never sees an event both replayed and live
            for (Consumer<Event> s : subscribers) s.accept(event);
        }
    }

    /**
     * Subscribes to events published after this call and returns the recorded ones at or after
     * {@code sinceNano} (pass {@code Long.MAX_VALUE} to replay nothing), atomically.
     */
    public Subscription subscribe(long sinceNano, Consumer<Event> live) {
        synchronized (history) {
            List<Event> past = new ArrayList<>();
            for (Event e : history) if (e.timeNano() >= sinceNano) past.add(e);
            subscribers.add(live);
            return new Subscription(past, () -> subscribers.remove(live));
        }
    }

    /** Replayed events plus a handle to stop the live feed. */
    public record Subscription(List<Event> replay, Runnable cancel) implements AutoCloseable {
        @Override public void close() { cancel.run(); }
    }

    /** dockerd's event filters: type, event/action, image, container, label, and friends. */
    public static boolean matches(Event e, Filters f) {
        if (!f.matchesExact("type", e.type())) return false;
        List<String> actions = new ArrayList<>(f.get("event"));
        actions.addAll(f.get("action"));
        if (!actions.isEmpty() && !actions.contains(e.action()) && !actions.contains(baseAction(e.action()))) return false;
        if (!f.matchesLabels("label", e.attributes())) return false;
        if (!f.matchesExact("scope", e.scope())) return false;
        for (String kind : List.of("image", "container", "volume", "network", "plugin", "daemon", "node", "service", "secret", "config")) {
            List<String> wanted = f.get(kind);
            if (wanted.isEmpty()) continue;
            if (kind.equals("image") ? !matchesImage(e, wanted) : !matchesActor(e, kind, wanted)) return false;
        }
        return true;
    }

    private static String baseAction(String action) {
        int colon = action.indexOf(':');
        return colon < 0 ? action : action.substring(0, colon);
    }

    private static boolean matchesActor(Event e, String kind, List<String> wanted) {
        if (!e.type().equals(kind)) return false;
        String name = e.attributes().get("name");
        for (String w : wanted) {
            if (e.actorId().equals(w) || e.actorId().startsWith(w) || w.equals(name)) return true;
        }
        return false;
    }

    private static boolean matchesImage(Event e, List<String> wanted) {
        String image = e.type().equals("image") ? e.actorId() : e.attributes().get("image");
        String name = e.attributes().get("name");
        for (String w : wanted) {
            if (w.equals(image) || w.equals(name) || (image != null && stripTag(image).equals(w))
                    || (image != null && image.startsWith("sha256:") && image.substring(7).startsWith(w))) return true;
        }
        return false;
    }

    private static String stripTag(String ref) {
        int colon = ref.lastIndexOf(':');
        return colon > ref.lastIndexOf('/') ? ref.substring(0, colon) : ref;
    }
}
