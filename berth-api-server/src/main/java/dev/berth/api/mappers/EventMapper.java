package dev.berth.api.mappers;

import dev.berth.api.types.EventMessage;
import dev.berth.core.event.Event;

/** Domain events to the wire shape of {@code /events}. */
public final class EventMapper {
    private EventMapper() {}

    public static EventMessage toWire(Event e) {
        boolean legacy = e.type().equals("container") || e.type().equals("image");
        String from = e.type().equals("container") ? e.attributes().get("image") : null;
        return new EventMessage(legacy ? e.action() : null, legacy ? e.actorId() : null, from,
            e.type(), e.action(), new EventMessage.Actor(e.actorId(), e.attributes()), e.scope(),
            e.timeSeconds(), e.timeNano());
    }
}
