package dev.berth.core.event;

import java.util.Map;

/** Something that happened to an object, as {@code docker events} shows it. */
public record Event(String type, String action, String actorId, Map<String, String> attributes, String scope, long timeNano) {
    public Event {
        attributes = Map.copyOf(attributes);
    }

    public long timeSeconds() { return timeNano / 1_000_000_000L; }
}
