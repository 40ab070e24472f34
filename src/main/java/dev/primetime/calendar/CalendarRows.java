package dev.primetime.calendar;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.UUID;

/** Rows of content_calendar and content_schedule_items as the stores read them, and instants as they bind them. */
final class CalendarRows {
    private CalendarRows() {}

    record ScheduleRow(
            UUID id,
            String title,
            String description,
            String timezone,
            ScheduleStatus status,
            ScheduleStatus statusBeforeOptimizing,
            String metadataJson,
            String videoJobId,
            String bulkJobId,
            int version,
            int itemCount,
            Instant createdAt,
            Instant updatedAt) {

        ScheduleRow withItemCount(int count) {
            return new ScheduleRow(
                    id,
                    title,
                    description,
                    timezone,
                    status,
                    statusBeforeOptimizing,
                    metadataJson,
                    videoJobId,
                    bulkJobId,
                    version,
                    count,
                    createdAt,
                    updatedAt);
        }

        static ScheduleRow read(ResultSet rs, int row) throws SQLException {
            String before = rs.getString("status_before_optimizing");
            return new ScheduleRow(
                    rs.getObject("id", UUID.class),
                    rs.getString("title"),
                    rs.getString("description"),
                    rs.getString("timezone"),
                    ScheduleStatus.find(rs.getString("status")).orElseThrow(),
                    before == null ? null : ScheduleStatus.find(before).orElseThrow(),
                    rs.getString("metadata"),
                    rs.getString("video_job_id"),
                    rs.getString("bulk_job_id"),
                    rs.getInt("version"),
                    rs.getInt("item_count"),
                    instant(rs, "created_at"),
                    instant(rs, "updated_at"));
        }
    }

    record ItemRow(
            UUID id,
            UUID scheduleId,
            String contentId,
            String platform,
            String contentType,
            Instant scheduledTime,
            Instant earliestTime,
            Instant latestTime,
            int priority,
            boolean pinned,
            ItemStatus status,
            String metadataJson,
            String externalPostId,
            String externalUrl,
            String error,
            int version,
            Instant createdAt,
            Instant updatedAt,
            String placement,
            String placementReason,
            UUID seriesId) {

        /** The item with the fields a change may set, as of {@code now}; the rest as they are. */
        ItemRow changed(
                Instant time,
                ItemStatus newStatus,
                int newPriority,
                boolean newPinned,
                String newMetadataJson,
                String newExternalPostId,
                String newExternalUrl,
                String newError,
                Instant now) {
            return new ItemRow(
                    id,
                    scheduleId,
                    contentId,
                    platform,
                    contentType,
                    time,
                    earliestTime,
                    latestTime,
                    newPriority,
                    newPinned,
                    newStatus,
                    newMetadataJson,
                    newExternalPostId,
                    newExternalUrl,
                    newError,
                    version,
                    createdAt,
                    now,
                    placement,
                    placementReason,
                    seriesId);
        }

        static ItemRow read(ResultSet rs, int row) throws SQLException {
            return new ItemRow(
                    rs.getObject("id", UUID.class),
                    rs.getObject("schedule_id", UUID.class),
                    rs.getString("content_id"),
                    rs.getString("platform"),
                    rs.getString("content_type"),
                    instant(rs, "scheduled_time"),
                    instant(rs, "earliest_time"),
                    instant(rs, "latest_time"),
                    rs.getInt("priority"),
                    rs.getBoolean("pinned"),
                    ItemStatus.find(rs.getString("status")).orElseThrow(),
                    rs.getString("metadata"),
                    rs.getString("external_post_id"),
                    rs.getString("external_url"),
                    rs.getString("error"),
                    rs.getInt("version"),
                    instant(rs, "created_at"),
                    instant(rs, "updated_at"),
                    rs.getString("placement"),
                    rs.getString("placement_reason"),
                    rs.getObject("series_id", UUID.class));
        }
    }

    static Instant instant(ResultSet rs, String column) throws SQLException {
        OffsetDateTime t = rs.getObject(column, OffsetDateTime.class);
        return t == null ? null : t.toInstant();
    }

    /** An instant as a {@code timestamptz} parameter. */
    static OffsetDateTime utc(Instant instant) {
        return instant == null ? null : instant.atOffset(ZoneOffset.UTC);
    }
}
