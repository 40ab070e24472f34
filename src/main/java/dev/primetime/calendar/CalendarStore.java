package dev.primetime.calendar;

import dev.primetime.calendar.CalendarRows.ItemRow;
import dev.primetime.calendar.CalendarRows.ScheduleRow;
import dev.primetime.web.PageRequest;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
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
 * The calendar's SQL. Every method runs inside a tenant transaction, so row level security scopes it; the
 * queries still name what they mean and never rely on seeing other tenants' rows.
 *
 * <p>Over 500 lines because it is the one home of the calendar's SQL (schedules, items, paging, placement's taken
 * slots, series); SQL still elsewhere in this module (the access classes for other modules) belongs here too.
 */
@Component
class CalendarStore {
    private static final String SCHEDULE_FIELDS = """
            c.id, c.title, c.description, c.timezone, c.status, c.status_before_optimizing, c.metadata::text AS metadata,
            c.video_job_id, c.bulk_job_id, c.version, c.created_at, c.updated_at, \
            """;
    private static final String SCHEDULE_COLUMNS = SCHEDULE_FIELDS
            + "(SELECT count(*) FROM content_schedule_items i WHERE i.schedule_id = c.id) AS item_count\n";
    // For a read that fetches the items anyway and counts them itself (the count is filled in from them).
    private static final String SCHEDULE_COLUMNS_UNCOUNTED = SCHEDULE_FIELDS + "0 AS item_count\n";
    private static final String ITEM_COLUMNS = """
            id, schedule_id, content_id, platform, content_type, scheduled_time, earliest_time, latest_time, priority,
            pinned, status, metadata::text AS metadata, external_post_id, external_url, error, version, created_at, updated_at,
            placement, placement_reason, series_id
            """;
    private static final String ITEM_ORDER = "coalesce(scheduled_time, 'infinity'::timestamptz)";
    private final JdbcTemplate batch;

    CalendarStore(DataSource dataSource) {
        this.batch = new JdbcTemplate(dataSource);
    }

    static OffsetDateTime utc(Instant instant) {
        return instant == null ? null : instant.atOffset(ZoneOffset.UTC);
    }

    private static final String INSERT_SCHEDULE = """
            INSERT INTO content_calendar AS c (id, title, description, timezone, metadata, video_job_id, bulk_job_id,
                                               created_at, updated_at)
            VALUES (?, ?, ?, ?, ?::jsonb, ?, ?, ?, ?)
            RETURNING c.id, c.title, c.description, c.timezone, c.status, c.status_before_optimizing,
                      c.metadata::text AS metadata, c.video_job_id, c.bulk_job_id, c.version, c.created_at,
                      c.updated_at, ?::int AS item_count
            """;

    // Items in one statement over arrays instead of a row per statement: a 1,000-item create is one execution, not
    // a thousand. Every array travels as text[] and is cast here, so nulls and types need no driver support.
    private static final String INSERT_ITEMS = """
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

    /** A new schedule and its items, written in one round trip together with the caller's claims. */
    static final String INSERT_SCHEDULE_WITH_ITEMS = INSERT_SCHEDULE + ";\n" + INSERT_ITEMS;

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

    /** Parameters of {@link #INSERT_SCHEDULE_WITH_ITEMS}. */
    static Object[] insertScheduleWithItemsParameters(
            UUID id, ScheduleValidation.NewSchedule s, NewItemRows items, Instant now) {
        Object[] schedule = {
            id,
            s.title(),
            s.description(),
            s.zone().getId(),
            s.metadataJson(),
            s.videoJobId(),
            s.bulkJobId(),
            utc(now),
            utc(now),
            s.items().size()
        };
        Object[] all = new Object[schedule.length + items.parameters().length];
        System.arraycopy(schedule, 0, all, 0, schedule.length);
        System.arraycopy(items.parameters(), 0, all, schedule.length, items.parameters().length);
        return all;
    }

    /** Reads what {@link #INSERT_SCHEDULE_WITH_ITEMS} returns: the schedule's row and its items' rows. */
    static ScheduleWithItems insertedScheduleWithItems(java.sql.PreparedStatement statement, NewItemRows items)
            throws java.sql.SQLException {
        ScheduleRow schedule;
        try (var rs = statement.getResultSet()) {
            rs.next();
            schedule = ScheduleRow.read(rs, 0);
        }
        statement.getMoreResults();
        try (var rs = statement.getResultSet()) {
            return new ScheduleWithItems(schedule, items.read(rs));
        }
    }

    /** {@link #INSERT_SCHEDULE_WITH_ITEMS} inside the ongoing transaction (for a create that placed items first). */
    ScheduleWithItems insertScheduleWithItems(
            UUID id, ScheduleValidation.NewSchedule schedule, NewItemRows items, Instant now) {
        Object[] parameters = insertScheduleWithItemsParameters(id, schedule, items, now);
        return batch.execute(
                (java.sql.Connection connection) -> {
                    var statement = connection.prepareStatement(INSERT_SCHEDULE_WITH_ITEMS);
                    for (int i = 0; i < parameters.length; i++) {
                        statement.setObject(i + 1, parameters[i]);
                    }
                    return statement;
                },
                (java.sql.PreparedStatement statement) -> {
                    statement.execute();
                    return insertedScheduleWithItems(statement, items);
                });
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
        return jdbc.sql("SELECT scheduled_time, platform, content_type, content_id FROM content_schedule_items"
                        + " WHERE platform = ?" + LIVE)
                .params(platform, utc(from), utc(to))
                .query(CalendarStore::takenRow)
                .list();
    }

    /** Live items of a content id in [from, to), on every platform. */
    List<TakenRow> sameContent(JdbcClient jdbc, String contentId, Instant from, Instant to) {
        return jdbc.sql("SELECT scheduled_time, platform, content_type, content_id FROM content_schedule_items"
                        + " WHERE content_id = ?" + LIVE)
                .params(contentId, utc(from), utc(to))
                .query(CalendarStore::takenRow)
                .list();
    }

    private static TakenRow takenRow(java.sql.ResultSet rs, int n) throws java.sql.SQLException {
        return new TakenRow(
                CalendarRows.instant(rs, "scheduled_time"),
                rs.getString("platform"),
                rs.getString("content_type"),
                rs.getString("content_id"));
    }

    /** Inserts items in one statement and returns their rows, as stored, in the order given. */
    List<ItemRow> insertItems(UUID scheduleId, List<ScheduleValidation.NewItem> items, boolean running, Instant now) {
        if (items.isEmpty()) {
            return List.of();
        }
        NewItemRows rows = NewItemRows.of(scheduleId, items, running, now);
        return batch.execute(
                (java.sql.Connection connection) -> {
                    var statement = connection.prepareStatement(INSERT_ITEMS);
                    Object[] parameters = rows.parameters();
                    for (int i = 0; i < parameters.length; i++) {
                        statement.setObject(i + 1, parameters[i]);
                    }
                    return statement;
                },
                (java.sql.PreparedStatement statement) -> {
                    try (var rs = statement.executeQuery()) {
                        return rows.read(rs);
                    }
                });
    }

    /** An instant as PostgreSQL reads it whatever the session's time zone (ISO-8601 in UTC, with the Z). */
    private static String text(Instant instant) {
        return instant == null ? null : instant.toString();
    }

    Optional<ScheduleRow> schedule(JdbcClient jdbc, UUID id, boolean forUpdate) {
        return jdbc.sql("SELECT " + SCHEDULE_COLUMNS + " FROM content_calendar c WHERE c.id = ?"
                        + (forUpdate ? " FOR UPDATE OF c" : ""))
                .param(id)
                .query(ScheduleRow::read)
                .optional();
    }

    record ScheduleFilter(ScheduleStatus status, String platform, Instant from, Instant to) {}

    List<ScheduleRow> schedules(JdbcClient jdbc, ScheduleFilter filter, PageRequest page) {
        StringBuilder sql = new StringBuilder("SELECT " + SCHEDULE_COLUMNS + " FROM content_calendar c WHERE true");
        List<Object> params = new ArrayList<>();
        if (filter.status() != null) {
            sql.append(" AND c.status = ?");
            params.add(filter.status().id());
        }
        if (filter.platform() != null || filter.from() != null || filter.to() != null) {
            sql.append(" AND EXISTS (SELECT 1 FROM content_schedule_items i WHERE i.schedule_id = c.id");
            if (filter.platform() != null) {
                sql.append(" AND i.platform = ?");
                params.add(filter.platform());
            }
            if (filter.from() != null) {
                sql.append(" AND i.scheduled_time >= ?");
                params.add(utc(filter.from()));
            }
            if (filter.to() != null) {
                sql.append(" AND i.scheduled_time < ?");
                params.add(utc(filter.to()));
            }
            sql.append(")");
        }
        if (!page.first()) {
            PageRequest.Position after = page.afterNewest();
            sql.append(" AND (c.created_at, c.id) < (?, ?)");
            params.add(utc(after.createdAt()));
            params.add(after.id());
        }
        sql.append(" ORDER BY c.created_at DESC, c.id DESC LIMIT ?");
        params.add(page.limit() + 1);
        return jdbc.sql(sql.toString()).params(params).query(ScheduleRow::read).list();
    }

    static String cursorOf(ScheduleRow row) {
        return PageRequest.cursor(row.createdAt().toString(), row.id().toString());
    }

    List<ItemRow> items(JdbcClient jdbc, UUID scheduleId) {
        return jdbc.sql("SELECT " + ITEM_COLUMNS + " FROM content_schedule_items WHERE schedule_id = ? ORDER BY "
                        + ITEM_ORDER + ", id")
                .param(scheduleId)
                .query(ItemRow::read)
                .list();
    }

    record ScheduleWithItems(ScheduleRow schedule, List<ItemRow> items) {}

    /** The schedule's query and its items' query, as one text for {@link #scheduleWithItems}. */
    static final String SCHEDULE_WITH_ITEMS = "SELECT " + SCHEDULE_COLUMNS_UNCOUNTED
            + " FROM content_calendar c WHERE c.id = ?; SELECT " + ITEM_COLUMNS
            + " FROM content_schedule_items WHERE schedule_id = ? ORDER BY " + ITEM_ORDER + ", id";

    /** Parameters of {@link #SCHEDULE_WITH_ITEMS}. */
    static Object[] scheduleWithItemsParameters(UUID id) {
        return new Object[] {id, id};
    }

    /** Reads what {@link #SCHEDULE_WITH_ITEMS} answers. */
    static Optional<ScheduleWithItems> scheduleWithItems(java.sql.PreparedStatement statement)
            throws java.sql.SQLException {
        ScheduleRow schedule;
        try (var rs = statement.getResultSet()) {
            if (!rs.next()) {
                return Optional.empty();
            }
            schedule = ScheduleRow.read(rs, 0);
        }
        statement.getMoreResults();
        List<ItemRow> items = new ArrayList<>();
        try (var rs = statement.getResultSet()) {
            while (rs.next()) {
                items.add(ItemRow.read(rs, items.size()));
            }
        }
        return Optional.of(new ScheduleWithItems(schedule.withItemCount(items.size()), items));
    }

    /**
     * The schedule and all its items, both queries sent in one round trip to the database (a GET of a schedule is
     * the calendar's most frequent request, and a round trip costs more than either query).
     */
    Optional<ScheduleWithItems> scheduleWithItems(UUID id) {
        return batch.execute(
                (java.sql.Connection connection) -> {
                    var statement = connection.prepareStatement(SCHEDULE_WITH_ITEMS);
                    Object[] parameters = scheduleWithItemsParameters(id);
                    for (int i = 0; i < parameters.length; i++) {
                        statement.setObject(i + 1, parameters[i]);
                    }
                    return statement;
                },
                (java.sql.PreparedStatement statement) -> {
                    statement.execute();
                    return scheduleWithItems(statement);
                });
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

    void updateSchedule(JdbcClient jdbc, UUID id, ScheduleValidation.ScheduleChanges c, Instant now) {
        jdbc.sql("""
                        UPDATE content_calendar SET title = coalesce(?, title), description = coalesce(?, description),
                            timezone = coalesce(?, timezone), metadata = coalesce(?::jsonb, metadata),
                            version = version + 1, updated_at = ?
                        WHERE id = ?
                        """)
                .params(
                        c.title(),
                        c.description(),
                        c.zone() == null ? null : c.zone().getId(),
                        c.metadataJson(),
                        utc(now),
                        id)
                .update();
    }

    void updateStatus(JdbcClient jdbc, UUID id, ScheduleStatus status, ScheduleStatus before, Instant now) {
        jdbc.sql("""
                        UPDATE content_calendar SET status = ?, status_before_optimizing = ?, version = version + 1, updated_at = ?
                        WHERE id = ?
                        """)
                .params(status.id(), before == null ? null : before.id(), utc(now), id)
                .update();
    }

    void touch(JdbcClient jdbc, UUID id, Instant now) {
        jdbc.sql("UPDATE content_calendar SET version = version + 1, updated_at = ? WHERE id = ?")
                .params(utc(now), id)
                .update();
    }

    /**
     * A schedule and one of its items, both locked for update, read in one round trip (with the caller's claims):
     * what every change of an item starts with. Schedule first, as everywhere, so locks are taken in one order.
     */
    static final String LOCKED_SCHEDULE_AND_ITEM = "SELECT " + SCHEDULE_COLUMNS
            + " FROM content_calendar c WHERE c.id = ? FOR UPDATE OF c; SELECT " + ITEM_COLUMNS
            + ", due_emitted_at IS NOT NULL AS dispatched"
            + " FROM content_schedule_items WHERE schedule_id = ? AND id = ? FOR UPDATE";

    /** @param dispatched whether the item's {@code item.due} has gone out (false without an item) */
    record ScheduleAndItem(Optional<ScheduleRow> schedule, Optional<ItemRow> item, boolean dispatched) {}

    static Object[] lockedScheduleAndItemParameters(UUID scheduleId, UUID itemId) {
        return new Object[] {scheduleId, scheduleId, itemId};
    }

    /** Reads what {@link #LOCKED_SCHEDULE_AND_ITEM} answers. */
    static ScheduleAndItem lockedScheduleAndItem(java.sql.PreparedStatement statement) throws java.sql.SQLException {
        Optional<ScheduleRow> schedule;
        try (var rs = statement.getResultSet()) {
            schedule = rs.next() ? Optional.of(ScheduleRow.read(rs, 0)) : Optional.empty();
        }
        statement.getMoreResults();
        try (var rs = statement.getResultSet()) {
            return rs.next()
                    ? new ScheduleAndItem(schedule, Optional.of(ItemRow.read(rs, 0)), rs.getBoolean("dispatched"))
                    : new ScheduleAndItem(schedule, Optional.empty(), false);
        }
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
