package dev.primetime.queue;

import dev.primetime.platform.Platform;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** The SQL of posting_queues (V21); every statement runs in a tenant transaction, so row level security scopes it. */
@Component
class QueueStore {
    private static final String COLUMNS =
            "platform, timezone, content_type, slots::text AS slots, version, created_at," + " updated_at";
    private final JsonMapper json;

    QueueStore(JsonMapper json) {
        this.json = json;
    }

    PostingQueue put(
            JdbcClient jdbc, Platform platform, ZoneId zone, String contentType, List<QueueSlot> slots, Instant now) {
        return jdbc.sql("""
                        INSERT INTO posting_queues AS q (platform, timezone, content_type, slots, created_at, updated_at)
                        VALUES (?, ?, ?, ?::jsonb, ?, ?)
                        ON CONFLICT (tenant_id, platform) DO UPDATE SET timezone = excluded.timezone,
                            content_type = excluded.content_type, slots = excluded.slots, version = q.version + 1,
                            updated_at = excluded.updated_at
                        RETURNING\s""" + COLUMNS)
                .params(platform.id(), zone.getId(), contentType, slotsJson(slots), utc(now), utc(now))
                .query(this::read)
                .single();
    }

    Optional<PostingQueue> find(JdbcClient jdbc, Platform platform) {
        return jdbc.sql("SELECT " + COLUMNS + " FROM posting_queues WHERE platform = ?")
                .param(platform.id())
                .query(this::read)
                .optional();
    }

    List<PostingQueue> all(JdbcClient jdbc) {
        return jdbc.sql("SELECT " + COLUMNS + " FROM posting_queues ORDER BY platform")
                .query(this::read)
                .list();
    }

    boolean delete(JdbcClient jdbc, Platform platform) {
        return jdbc.sql("DELETE FROM posting_queues WHERE platform = ?")
                        .param(platform.id())
                        .update()
                > 0;
    }

    private String slotsJson(List<QueueSlot> slots) {
        List<java.util.Map<String, String>> out = new ArrayList<>();
        for (QueueSlot s : slots) {
            out.add(java.util.Map.of("day", s.dayId(), "time", s.timeText()));
        }
        return json.writeValueAsString(out);
    }

    private PostingQueue read(ResultSet rs, int n) throws SQLException {
        List<QueueSlot> slots = new ArrayList<>();
        for (JsonNode slot : json.readTree(rs.getString("slots"))) {
            slots.add(new QueueSlot(
                    QueueSlot.day(slot.path("day").asString()),
                    LocalTime.parse(slot.path("time").asString())));
        }
        return new PostingQueue(
                Platform.of(rs.getString("platform")),
                ZoneId.of(rs.getString("timezone")),
                rs.getString("content_type"),
                List.copyOf(slots),
                rs.getInt("version"),
                rs.getObject("created_at", OffsetDateTime.class).toInstant(),
                rs.getObject("updated_at", OffsetDateTime.class).toInstant());
    }

    private static OffsetDateTime utc(Instant instant) {
        return instant.atOffset(ZoneOffset.UTC);
    }
}
