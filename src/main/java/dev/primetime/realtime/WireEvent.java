package dev.primetime.realtime;

import dev.primetime.calendar.ScheduleEventFeed.LoggedEvent;
import java.util.UUID;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/** One event as sockets receive it, serialized once per instance and sent as-is to every matching socket. */
record WireEvent(long eventId, UUID scheduleId, String text) {

    static WireEvent of(LoggedEvent event, JsonMapper json) {
        ObjectNode node = json.createObjectNode();
        node.put("event_id", event.eventId());
        node.put("type", event.type());
        node.put(
                "schedule_id",
                event.scheduleId() == null ? null : event.scheduleId().toString());
        if (event.itemId() != null) {
            node.put("item_id", event.itemId().toString());
        }
        node.put("occurred_at", event.occurredAt().toString());
        node.set("data", json.readTree(event.dataJson()));
        return new WireEvent(event.eventId(), event.scheduleId(), json.writeValueAsString(node));
    }
}
