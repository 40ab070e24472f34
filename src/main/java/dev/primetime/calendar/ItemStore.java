package dev.primetime.calendar;

import static dev.primetime.calendar.CalendarRows.utc;

import dev.primetime.calendar.CalendarRows.ItemRow;
import dev.primetime.platform.Platform;
import dev.primetime.web.PageRequest;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import javax.sql.DataSource;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * The SQL of schedule items ({@code content_schedule_items}): writing, reading, paging and counting them, the times
 * placement finds taken, and a series' occurrences. Every method runs in the caller's tenant transaction (the
 * {@code jdbc} it is given, or the one bound to the thread), so row level security scopes it.
 */
@Component
class ItemStore {
    static final String ITEM_COLUMNS = """
            id, schedule_id, content_id, platform, content_type, scheduled_time, earliest_time, latest_time, priority,
            pinned, status, metadata::text AS metadata, external_post_id, external_url, error, version, created_at, updated_at,
            placement, placement_reason, series_id
            """;
    static final String ITEM_ORDER = "coalesce(scheduled_time, 'infinity'::timestamptz)";

    // Items in one statement over arrays instead of a row per statement: a 1,000-item create is one execution, not
    // a thousand. Every array travels as text[] and is cast here, so nulls and types need no driver support.
    static final String INSERT_ITEMS = """
            INSERT INTO content_schedule_items (id, schedule_id, content_id, platform, content_type, scheduled_time,
                earliest_time, latest_time, priority, pinned, status, metadata, created_at, updated_at, placement,
                placement_reason, series_id)
            SELECT i.id, ?, i.content_id, i.platform, i.content_type, i.scheduled_time::timestamptz,
                   i.earliest_time::timestamptz, i.latest_time::timestamptz, i.priority, i.pinned, i.status,
                   i.metadata::jsonb, ?, ?, i.placement, i.placement_reason, i.series_id::uuid
            FROM unnest(?::text[]::uuid[], ?::text[], ?::text[], ?::text[], ?::text[], ?::text[], ?::text[],
                        ?::text[]::int[], ?::text[]::boolean[], ?::text[], ?::text[], ?::text[], ?::text[], ?::text[])
                AS i(id, content_id, platform, content_type, scheduled_time, earliest_time, latest_time, priority,
                     pinned, status, metadata, placement, placement_reason, series_id)
            RETURNING\s""" + ITEM_COLUMNS;

    private final JdbcTemplate batch;

    ItemStore(DataSource dataSource) {
        this.batch = new JdbcTemplate(dataSource);
    }

    /** What an insert of items binds, with the ids it gives them, in the order given. */
    record NewItemRows(UUID[] ids, Object[] parameters) {

        /** Items of a running schedule that have a time are committed for dispatch at once, the rest pending. */
        static NewItemRows of(UUID scheduleId, List<ScheduleValidation.NewItem> items, boolean running, Instant now) {
            int n = items.size();
            UUID[] ids = new UUID[n];
            String[][] columns = new String[14][n];
            for (int i = 0; i < n; i++) {
                ScheduleValidation.NewItem item = items.get(i);
                ids[i] = UUID.randomUUID();
                columns[0][i] = ids[i].toString();
                columns[1][i] = item.contentId();
                columns[2][i] = item.platform().id();
                columns[3][i] = item.contentType();
                columns[4][i] = text(item.scheduledTime());
                columns[5][i] = text(item.earliestTime());
                columns[6][i] = text(item.latestTime());
                columns[7][i] = Integer.toString(item.priority());
                columns[8][i] = Boolean.toString(item.pinned());
                columns[9][i] =
                        (running && item.scheduledTime() != null ? ItemStatus.SCHEDULED : ItemStatus.PENDING).id();
                columns[10][i] = item.metadataJson();
                columns[11][i] =
                        item.placement() == null ? null : item.placement().id();
                columns[12][i] = item.placementReason();
                columns[13][i] =
                        item.seriesId() == null ? null : item.seriesId().toString();
            }
            Object[] parameters = new Object[3 + columns.length];
            parameters[0] = scheduleId;
            parameters[1] = utc(now);
            parameters[2] = utc(now);
            System.arraycopy(columns, 0, parameters, 3, columns.length);
            return new NewItemRows(ids, parameters);
        }

        /** The rows the insert returned, put back in the order given (RETURNING guarantees no order). */
        List<ItemRow> read(java.sql.ResultSet rs) throws java.sql.SQLException {
            Map<UUID, ItemRow> byId = new java.util.HashMap<>(ids.length * 2);
            while (rs.next()) {
                ItemRow row = ItemRow.read(rs, byId.size());
                byId.put(row.id(), row);
            }
            List<ItemRow> ordered = new ArrayList<>(ids.length);
            for (UUID id : ids) {
                ordered.add(byId.get(id));
            }
            return ordered;
        }
    }

    /** Inserts items in one statement and returns their rows, as stored, in the order given. */
    List<ItemRow> insertItems(UUID scheduleId, List<ScheduleValidation.NewItem> items, boolean running, Instant now) {
        if (items.isEmpty()) {
            return List.of();
        }
        NewItemRows rows = NewItemRows.of(scheduleId, items, running, now);
        return CalendarStore.inTransaction(batch, INSERT_ITEMS, rows.parameters(), statement -> {
            try (var rs = statement.getResultSet()) {
                return rows.read(rs);
            }
        });
    }

    /** An instant as PostgreSQL reads it whatever the session's time zone (ISO-8601 in UTC, with the Z). */
    private static String text(Instant instant) {
        return instant == null ? null : instant.toString();
    }

    /**
     * Serializes placements of the tenant's items on these platforms until the transaction ends: a placement reads
     * the taken times and then writes its own, so two at once would otherwise see the same slot free.
     */
    void lockPlacements(JdbcClient jdbc, java.util.Collection<String> platforms) {
        for (String platform : new java.util.TreeSet<>(platforms)) { // one order everywhere: no deadlock
            jdbc.sql("SELECT pg_advisory_xact_lock(hashtextextended('primetime.placement:' || primetime_tenant_id()"
                            + " || ':' || ?, 0))")
                    .param(platform)
                    .query((rs, n) -> 1)
                    .list();
        }
    }

    /** A live item's time, platform, content type and content id, as placement reads it. */
    record TakenRow(Instant at, String platform, String contentType, String contentId) {}

    private static final String LIVE =
            " AND status NOT IN ('skipped', 'failed') AND scheduled_time >= ?" + " AND scheduled_time < ?";

    /** Live items of a platform in [from, to), in every schedule of the tenant. */
    List<TakenRow> taken(JdbcClient jdbc, String platform, Instant from, Instant to) {
        return live(jdbc, "platform", platform, from, to);
    }

    /** Live items of a content id in [from, to), on every platform. */
    List<TakenRow> sameContent(JdbcClient jdbc, String contentId, Instant from, Instant to) {
        return live(jdbc, "content_id", contentId, from, to);
    }

    /** Live items in [from, to) whose {@code column} (a name of this class, never input) is {@code value}. */
    private static List<TakenRow> live(JdbcClient jdbc, String column, String value, Instant from, Instant to) {
        return jdbc.sql("SELECT scheduled_time, platform, content_type, content_id FROM content_schedule_items"
                        + " WHERE " + column + " = ?" + LIVE)
                .params(value, utc(from), utc(to))
                .query(ItemStore::takenRow)
                .list();
    }

    private static TakenRow takenRow(java.sql.ResultSet rs, int n) throws java.sql.SQLException {
        return new TakenRow(
                CalendarRows.instant(rs, "scheduled_time"),
                rs.getString("platform"),
                rs.getString("content_type"),
                rs.getString("content_id"));
    }

    List<ItemRow> items(JdbcClient jdbc, UUID scheduleId) {
        return jdbc.sql("SELECT " + ITEM_COLUMNS + " FROM content_schedule_items WHERE schedule_id = ? ORDER BY "
                        + ITEM_ORDER + ", id")
                .param(scheduleId)
                .query(ItemRow::read)
                .list();
    }

    record ItemFilter(ItemStatus status, String platform, Instant from, Instant to) {}

    List<ItemRow> items(JdbcClient jdbc, UUID scheduleId, ItemFilter filter, PageRequest page) {
        StringBuilder sql =
                new StringBuilder("SELECT " + ITEM_COLUMNS + " FROM content_schedule_items WHERE schedule_id = ?");
        List<Object> params = new ArrayList<>(List.of(scheduleId));
        if (filter.status() != null) {
            sql.append(" AND status = ?");
            params.add(filter.status().id());
        }
        if (filter.platform() != null) {
            sql.append(" AND platform = ?");
            params.add(filter.platform());
        }
        if (filter.from() != null) {
            sql.append(" AND scheduled_time >= ?");
            params.add(utc(filter.from()));
        }
        if (filter.to() != null) {
            sql.append(" AND scheduled_time < ?");
            params.add(utc(filter.to()));
        }
        if (!page.first()) {
            java.time.Instant time = page.afterInstant(0);
            sql.append(" AND (" + ITEM_ORDER + ", id) > (coalesce(?, 'infinity'::timestamptz), ?)");
            params.add(utc(time));
            params.add(page.afterUuid(1));
        }
        sql.append(" ORDER BY " + ITEM_ORDER + ", id LIMIT ?");
        params.add(page.limit() + 1);
        return jdbc.sql(sql.toString()).params(params).query(ItemRow::read).list();
    }

    static String cursorOf(ItemRow row) {
        return PageRequest.cursor(
                row.scheduledTime() == null ? "infinity" : row.scheduledTime().toString(),
                row.id().toString());
    }

    Optional<ItemRow> item(JdbcClient jdbc, UUID scheduleId, UUID itemId, boolean forUpdate) {
        return jdbc.sql("SELECT " + ITEM_COLUMNS + " FROM content_schedule_items WHERE schedule_id = ? AND id = ?"
                        + (forUpdate ? " FOR UPDATE" : ""))
                .params(scheduleId, itemId)
                .query(ItemRow::read)
                .optional();
    }

    /** The given items of a schedule, by id, in one query. */
    Map<UUID, ItemRow> items(JdbcClient jdbc, UUID scheduleId, List<UUID> ids) {
        Map<UUID, ItemRow> byId = new java.util.HashMap<>();
        jdbc.sql("SELECT " + ITEM_COLUMNS + " FROM content_schedule_items WHERE schedule_id = ? AND id = ANY (?)")
                .params(scheduleId, ids.toArray(UUID[]::new))
                .query(ItemRow::read)
                .list()
                .forEach(row -> byId.put(row.id(), row));
        return byId;
    }

    /** An item's facts with its schedule's zone, for other modules ({@link CalendarItems}). */
    Optional<CalendarItems.ItemFacts> facts(JdbcClient jdbc, UUID itemId) {
        return jdbc.sql("""
                        SELECT i.id, i.schedule_id, i.content_id, i.platform, i.content_type, i.scheduled_time, c.timezone
                        FROM content_schedule_items i JOIN content_calendar c ON c.id = i.schedule_id
                        WHERE i.id = ?
                        """)
                .param(itemId)
                .query((rs, n) -> new CalendarItems.ItemFacts(
                        rs.getObject("id", UUID.class),
                        rs.getObject("schedule_id", UUID.class),
                        rs.getString("content_id"),
                        Platform.of(rs.getString("platform")),
                        rs.getString("content_type"),
                        CalendarRows.instant(rs, "scheduled_time"),
                        ZoneId.of(rs.getString("timezone"))))
                .optional();
    }

    Map<ItemStatus, Integer> itemCounts(JdbcClient jdbc, UUID scheduleId) {
        Map<ItemStatus, Integer> counts = new EnumMap<>(ItemStatus.class);
        for (ItemStatus s : ItemStatus.values()) {
            counts.put(s, 0);
        }
        jdbc.sql("SELECT status, count(*)::int AS n FROM content_schedule_items WHERE schedule_id = ? GROUP BY status")
                .param(scheduleId)
                .query((rs, n) ->
                        counts.put(ItemStatus.find(rs.getString("status")).orElseThrow(), rs.getInt("n")))
                .list();
        return counts;
    }

    /** Whether an item of the schedule is scheduled for a time after {@code now}. */
    boolean anyDueLater(JdbcClient jdbc, UUID scheduleId, Instant now) {
        return jdbc.sql(
                        "SELECT EXISTS (SELECT 1 FROM content_schedule_items WHERE schedule_id = ? AND status = 'scheduled'"
                                + " AND scheduled_time > ?)")
                .params(scheduleId, utc(now))
                .query(Boolean.class)
                .single();
    }

    /**
     * Writes the item's changeable fields, marks its schedule changed (version, updated_at) in the same statement,
     * and returns the item's row as stored.
     */
    ItemRow updateItem(JdbcClient jdbc, ItemRow item, Instant now) {
        return jdbc.sql("""
                        WITH touched AS (
                            UPDATE content_calendar SET version = version + 1, updated_at = ? WHERE id = ?)
                        UPDATE content_schedule_items SET scheduled_time = ?, status = ?, external_post_id = ?, external_url = ?,
                            error = ?, priority = ?, pinned = ?, metadata = ?::jsonb, version = version + 1, updated_at = ?
                        WHERE id = ?
                        RETURNING\s""" + ITEM_COLUMNS)
                .params(
                        utc(now),
                        item.scheduleId(),
                        utc(item.scheduledTime()),
                        item.status().id(),
                        item.externalPostId(),
                        item.externalUrl(),
                        item.error(),
                        item.priority(),
                        item.pinned(),
                        item.metadataJson(),
                        utc(now),
                        item.id())
                .query(ItemRow::read)
                .single();
    }

    /** Gives an item of the schedule a new time (an optimization run's move); its schedule is touched apart. */
    void moveTime(JdbcClient jdbc, UUID scheduleId, UUID itemId, Instant to, Instant now) {
        jdbc.sql("""
                        UPDATE content_schedule_items SET scheduled_time = ?, version = version + 1, updated_at = ?
                        WHERE id = ? AND schedule_id = ?
                        """).params(utc(to), utc(now), itemId, scheduleId).update();
    }

    /** Moves every item of the schedule in {@code from} to {@code to}; returns the ids moved. */
    List<UUID> moveItems(
            JdbcClient jdbc, UUID scheduleId, List<ItemStatus> from, ItemStatus to, boolean onlyTimed, Instant now) {
        return jdbc.sql("UPDATE content_schedule_items SET status = ?, version = version + 1, updated_at = ?"
                        + " WHERE schedule_id = ? AND status = ANY (?)"
                        + (onlyTimed ? " AND scheduled_time IS NOT NULL" : "")
                        + " RETURNING id")
                .params(
                        to.id(),
                        utc(now),
                        scheduleId,
                        from.stream().map(ItemStatus::id).toArray(String[]::new))
                .query(UUID.class)
                .list();
    }

    /** A series' items in this schedule, in time order, locked for update. */
    List<ItemRow> seriesItems(JdbcClient jdbc, UUID scheduleId, UUID seriesId) {
        return jdbc.sql("SELECT " + ITEM_COLUMNS
                        + " FROM content_schedule_items WHERE schedule_id = ? AND series_id = ?"
                        + " ORDER BY scheduled_time, id FOR UPDATE")
                .params(scheduleId, seriesId)
                .query(ItemRow::read)
                .list();
    }

    int deleteItem(JdbcClient jdbc, UUID itemId) {
        return jdbc.sql("DELETE FROM content_schedule_items WHERE id = ?")
                .param(itemId)
                .update();
    }
}
