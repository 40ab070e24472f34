package dev.primetime.calendar;

import static dev.primetime.calendar.CalendarRows.utc;
import static dev.primetime.calendar.ItemStore.INSERT_ITEMS;
import static dev.primetime.calendar.ItemStore.ITEM_COLUMNS;
import static dev.primetime.calendar.ItemStore.ITEM_ORDER;

import dev.primetime.calendar.CalendarRows.ItemRow;
import dev.primetime.calendar.CalendarRows.ScheduleRow;
import dev.primetime.calendar.ItemStore.NewItemRows;
import dev.primetime.tenancy.Caller;
import dev.primetime.tenancy.TenantTransactions;
import dev.primetime.web.PageRequest;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.function.BiFunction;
import javax.sql.DataSource;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * The SQL of schedules ({@code content_calendar}), and the statements that read or write a schedule together with
 * its items in one round trip. Every method runs inside a tenant transaction, so row level security scopes it; the
 * queries still name what they mean and never rely on seeing other tenants' rows. The methods that take a
 * {@link Caller} send their statements with the caller's claims ({@link TenantTransactions#inOneRoundTrip}): the
 * calendar's most frequent requests, where a round trip costs more than the queries.
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
    private final TenantTransactions transactions;
    private final JdbcTemplate batch;

    CalendarStore(TenantTransactions transactions, DataSource dataSource) {
        this.transactions = transactions;
        this.batch = new JdbcTemplate(dataSource);
    }

    /**
     * Statements ({@code ;} between them) and their parameters sent in one round trip inside the ongoing
     * transaction, their answers read as {@link TenantTransactions#inOneRoundTrip} reads them.
     */
    static <T> T inTransaction(
            JdbcTemplate jdbc, String sql, Object[] parameters, TenantTransactions.Results<T> results) {
        return jdbc.execute(
                (java.sql.Connection connection) -> {
                    var statement = connection.prepareStatement(sql);
                    for (int i = 0; i < parameters.length; i++) {
                        statement.setObject(i + 1, parameters[i]);
                    }
                    return statement;
                },
                (java.sql.PreparedStatement statement) -> {
                    statement.execute();
                    return results.read(statement);
                });
    }

    private static final String INSERT_SCHEDULE = """
            INSERT INTO content_calendar AS c (id, title, description, timezone, metadata, video_job_id, bulk_job_id,
                                               created_at, updated_at)
            VALUES (?, ?, ?, ?, ?::jsonb, ?, ?, ?, ?)
            RETURNING c.id, c.title, c.description, c.timezone, c.status, c.status_before_optimizing,
                      c.metadata::text AS metadata, c.video_job_id, c.bulk_job_id, c.version, c.created_at,
                      c.updated_at, ?::int AS item_count
            """;

    /** A new schedule and its items, written in one round trip together with the caller's claims. */
    private static final String INSERT_SCHEDULE_WITH_ITEMS = INSERT_SCHEDULE + ";\n" + INSERT_ITEMS;

    /** Parameters of {@link #INSERT_SCHEDULE_WITH_ITEMS}. */
    private static Object[] insertScheduleWithItemsParameters(
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
    private static ScheduleWithItems insertedScheduleWithItems(java.sql.PreparedStatement statement, NewItemRows items)
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

    /**
     * A new schedule and its items as the first statements of a transaction of the caller, sent with the claims in
     * one round trip; {@code then} goes on in the same transaction with the rows as the inserts returned them.
     */
    <T> T insertScheduleWithItems(
            Caller caller,
            UUID id,
            ScheduleValidation.NewSchedule schedule,
            NewItemRows items,
            Instant now,
            BiFunction<ScheduleWithItems, JdbcClient, T> then) {
        return transactions.write(
                caller,
                INSERT_SCHEDULE_WITH_ITEMS,
                insertScheduleWithItemsParameters(id, schedule, items, now),
                statement -> insertedScheduleWithItems(statement, items),
                then);
    }

    /** {@link #INSERT_SCHEDULE_WITH_ITEMS} inside the ongoing transaction (for a create that placed items first). */
    ScheduleWithItems insertScheduleWithItems(
            UUID id, ScheduleValidation.NewSchedule schedule, NewItemRows items, Instant now) {
        return inTransaction(
                batch,
                INSERT_SCHEDULE_WITH_ITEMS,
                insertScheduleWithItemsParameters(id, schedule, items, now),
                statement -> insertedScheduleWithItems(statement, items));
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

    record ScheduleWithItems(ScheduleRow schedule, List<ItemRow> items) {}

    /** The schedule's query and its items' query, as one text for {@link #scheduleWithItems}. */
    private static final String SCHEDULE_WITH_ITEMS = "SELECT " + SCHEDULE_COLUMNS_UNCOUNTED
            + " FROM content_calendar c WHERE c.id = ?; SELECT " + ITEM_COLUMNS
            + " FROM content_schedule_items WHERE schedule_id = ? ORDER BY " + ITEM_ORDER + ", id";

    /** Parameters of {@link #SCHEDULE_WITH_ITEMS}. */
    private static Object[] scheduleWithItemsParameters(UUID id) {
        return new Object[] {id, id};
    }

    /** Reads what {@link #SCHEDULE_WITH_ITEMS} answers. */
    private static Optional<ScheduleWithItems> scheduleWithItems(java.sql.PreparedStatement statement)
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
     * the calendar's most frequent request, and a round trip costs more than either query), in the ongoing
     * transaction.
     */
    Optional<ScheduleWithItems> scheduleWithItems(UUID id) {
        return inTransaction(
                batch, SCHEDULE_WITH_ITEMS, scheduleWithItemsParameters(id), CalendarStore::scheduleWithItems);
    }

    /** {@link #scheduleWithItems(UUID)} as the caller: the claims and both queries in one round trip, no BEGIN/COMMIT. */
    Optional<ScheduleWithItems> scheduleWithItems(Caller caller, UUID id) {
        return transactions.inOneRoundTrip(
                caller, SCHEDULE_WITH_ITEMS, scheduleWithItemsParameters(id), CalendarStore::scheduleWithItems);
    }

    /** The time zone of the tenant's most recently created schedule, with the claims in one round trip. */
    Optional<ZoneId> latestTimezone(Caller caller) {
        return transactions.inOneRoundTrip(
                caller,
                "SELECT timezone FROM content_calendar ORDER BY created_at DESC, id DESC LIMIT 1",
                new Object[0],
                statement -> {
                    try (var rs = statement.getResultSet()) {
                        return rs.next() ? Optional.of(ZoneId.of(rs.getString(1))) : Optional.<ZoneId>empty();
                    }
                });
    }

    /**
     * Schedules, across tenants (in a worker's transaction), optimizing or canceling since before {@code since},
     * other than {@code liveRuns}. Only ids are read.
     */
    List<ScheduleOptimizationAccess.AbandonedRun> abandonedRuns(
            JdbcClient jdbc, Instant since, Collection<UUID> liveRuns, int limit) {
        return jdbc.sql("""
                        SELECT c.tenant_id, c.id FROM content_calendar c
                        WHERE c.status IN ('optimizing', 'canceling') AND c.updated_at < ?
                          AND NOT (c.id = ANY (?::uuid[]))
                        LIMIT ?
                        """)
                .params(utc(since), liveRuns.toArray(UUID[]::new), limit)
                .query((rs, n) ->
                        new ScheduleOptimizationAccess.AbandonedRun(rs.getString(1), rs.getObject(2, UUID.class)))
                .list();
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
    private static final String LOCKED_SCHEDULE_AND_ITEM = "SELECT " + SCHEDULE_COLUMNS
            + " FROM content_calendar c WHERE c.id = ? FOR UPDATE OF c; SELECT " + ITEM_COLUMNS
            + ", due_emitted_at IS NOT NULL AS dispatched"
            + " FROM content_schedule_items WHERE schedule_id = ? AND id = ? FOR UPDATE";

    /** @param dispatched whether the item's {@code item.due} has gone out (false without an item) */
    record ScheduleAndItem(Optional<ScheduleRow> schedule, Optional<ItemRow> item, boolean dispatched) {}

    private static Object[] lockedScheduleAndItemParameters(UUID scheduleId, UUID itemId) {
        return new Object[] {scheduleId, scheduleId, itemId};
    }

    /** Reads what {@link #LOCKED_SCHEDULE_AND_ITEM} answers. */
    private static ScheduleAndItem lockedScheduleAndItem(java.sql.PreparedStatement statement)
            throws java.sql.SQLException {
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
     * {@link #LOCKED_SCHEDULE_AND_ITEM} as the first statements of a transaction of the caller, with the claims in
     * one round trip; {@code then} goes on in the same transaction with what they read.
     */
    <T> T lockScheduleAndItem(
            Caller caller, UUID scheduleId, UUID itemId, BiFunction<ScheduleAndItem, JdbcClient, T> then) {
        return transactions.write(
                caller,
                LOCKED_SCHEDULE_AND_ITEM,
                lockedScheduleAndItemParameters(scheduleId, itemId),
                CalendarStore::lockedScheduleAndItem,
                then);
    }
}
