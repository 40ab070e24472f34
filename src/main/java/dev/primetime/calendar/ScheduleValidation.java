package dev.primetime.calendar;

import dev.primetime.platform.Platform;
import dev.primetime.platform.PlatformCatalog;
import dev.primetime.web.FieldErrors;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.time.temporal.TemporalAccessor;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.springframework.stereotype.Component;
import tools.jackson.databind.json.JsonMapper;

/**
 * Checks calendar requests and turns them into values the store writes; every rule lives here.
 *
 * <p>About 500 lines on purpose: every input rule of the calendar (schedules, items, recurring items, imported rows,
 * changes, series) in one place, so that one request's problems are collected into one 422 and a rule is never
 * checked two ways.
 */
@Component
class ScheduleValidation {
    static final int MAX_ITEMS = 1000;
    static final int MAX_METADATA_BYTES = 16 * 1024;
    /** A schedule's items at most: what a request's items may expand to (recurring items). */
    static final int MAX_EXPANDED_ITEMS = 10_000;
    /**
     * How far ahead of its start ({@code not_before}, else now) a placement looks at most: a queue's or a best time's
     * search walks the window, inside the write transaction and its placement lock, so it must stay bounded.
     */
    static final Duration MAX_PLACEMENT_WINDOW = Duration.ofDays(366);

    private final PlatformCatalog platforms;
    private final Clock clock;
    private final JsonMapper json;

    ScheduleValidation(PlatformCatalog platforms, Clock clock, JsonMapper json) {
        this.platforms = platforms;
        this.clock = clock;
        this.json = json;
    }

    record NewSchedule(
            String title,
            ZoneId zone,
            String description,
            String metadataJson,
            String videoJobId,
            String bulkJobId,
            List<NewItem> items) {}

    record NewItem(
            String contentId,
            Platform platform,
            String contentType,
            Instant scheduledTime,
            Instant earliestTime,
            Instant latestTime,
            int priority,
            boolean pinned,
            String metadataJson,
            ItemPlacement.Kind placement,
            Instant notBefore,
            Instant notAfter,
            String placementReason,
            java.util.UUID seriesId,
            String field) {

        /** The item at the time its placement chose. */
        NewItem placedAt(Instant at, String reason) {
            return at(at, reason, seriesId);
        }

        /** The same item at another time, as an occurrence of a series. */
        NewItem occurrence(Instant at, java.util.UUID series) {
            return at(at, placementReason, series);
        }

        private NewItem at(Instant at, String reason, java.util.UUID series) {
            return new NewItem(
                    contentId,
                    platform,
                    contentType,
                    at,
                    earliestTime,
                    latestTime,
                    priority,
                    pinned,
                    metadataJson,
                    placement,
                    notBefore,
                    notAfter,
                    reason,
                    series,
                    field);
        }

        boolean wantsPlacement() {
            return placement != null && scheduledTime == null;
        }
    }

    NewSchedule schedule(ScheduleRequests.CreateSchedule request) {
        FieldErrors errors = new FieldErrors();
        String title = title(request.title(), errors);
        ZoneId zone = zone(request.timezone(), "timezone", errors);
        text(request.description(), "description", 5000, errors);
        text(request.videoJobId(), "video_job_id", 200, errors);
        text(request.bulkJobId(), "bulk_job_id", 200, errors);
        String metadata = metadata(request.metadata(), "metadata", errors);
        List<NewItem> items = items(request.items(), "items", zone, errors);
        errors.throwIfAny();
        return new NewSchedule(
                title, zone, request.description(), metadata, request.videoJobId(), request.bulkJobId(), items);
    }

    /** Items added to an existing schedule, read in its time zone. */
    List<NewItem> items(ScheduleRequests.AddItems request, ZoneId zone) {
        FieldErrors errors = new FieldErrors();
        if (request.items() == null || request.items().isEmpty()) {
            errors.add("items", "must contain at least one item");
        }
        List<NewItem> items = items(request.items(), "items", zone, errors);
        errors.throwIfAny();
        return items;
    }

    private List<NewItem> items(
            List<ScheduleRequests.NewItem> requested, String field, ZoneId zone, FieldErrors errors) {
        if (requested == null) {
            return List.of();
        }
        if (requested.size() > MAX_ITEMS) {
            errors.add(field, "at most " + MAX_ITEMS + " items per request, got " + requested.size());
            return List.of();
        }
        List<NewItem> items = new ArrayList<>(requested.size());
        for (int i = 0; i < requested.size(); i++) {
            ScheduleRequests.NewItem item = requested.get(i);
            String at = field + "[" + i + "]";
            if (item == null) {
                errors.add(at, "must be an object");
                continue;
            }
            NewItem one = item(item, at, zone, errors);
            if (item.recurrence() == null) {
                items.add(one);
            } else {
                items.addAll(series(item, one, at, zone, errors));
            }
            if (items.size() > MAX_EXPANDED_ITEMS) {
                break; // stop expanding: the count below is enough to refuse, and memory stays bounded
            }
        }
        if (items.size() > MAX_EXPANDED_ITEMS) {
            errors.add(field, "expand to more than " + MAX_EXPANDED_ITEMS + " items, the most a schedule holds");
        }
        return items;
    }

    /** A field of an item: {@code items[3].platform} in JSON, {@code row 7: platform} in an import. */
    static String field(String at, String name) {
        return at.startsWith("row ") ? at + ": " + name : at + "." + name;
    }

    /**
     * One row of an item import as the item (or, recurring, the items) it adds, read in the schedule's zone; throws
     * the row's problems as one 422 whose message names them {@code row 7: platform: …}.
     */
    List<NewItem> importedRow(ScheduleRequests.NewItem item, long row, ZoneId zone, List<String> problems) {
        FieldErrors errors = new FieldErrors();
        String at = "row " + row;
        problems.forEach(p -> errors.add(at, p));
        NewItem one = item(item, at, zone, errors);
        List<NewItem> items = item.recurrence() == null ? List.of(one) : series(item, one, at, zone, errors);
        errors.throwIfAny();
        return items;
    }

    /** A recurring item's occurrences, sharing a new series id. */
    private static List<NewItem> series(
            ScheduleRequests.NewItem item, NewItem first, String at, ZoneId zone, FieldErrors errors) {
        if (item.scheduledTime() == null) {
            errors.add(field(at, "recurrence"), "needs a scheduled_time: the first occurrence");
            return List.of();
        }
        if (item.placement() != null || item.earliestTime() != null || item.latestTime() != null) {
            errors.add(
                    field(at, "recurrence"),
                    "applies to an item with a scheduled_time only (no placement, earliest_time" + " or latest_time)");
            return List.of();
        }
        if (first.scheduledTime() == null || zone == null) {
            return List.of(); // its problem is recorded already
        }
        java.util.UUID series = java.util.UUID.randomUUID();
        return Recurrence.occurrences(item.recurrence(), first.scheduledTime(), zone, field(at, "recurrence"), errors)
                .stream()
                .map(t -> first.occurrence(t, series))
                .toList();
    }

    private NewItem item(ScheduleRequests.NewItem item, String at, ZoneId zone, FieldErrors errors) {
        String contentId = item.contentId();
        if (contentId == null || contentId.isBlank()) {
            errors.add(field(at, "content_id"), "is required");
        } else {
            text(contentId, field(at, "content_id"), CalendarItems.MAX_CONTENT_ID_LENGTH, errors);
        }
        Platform platform = null;
        String contentType = item.contentType();
        if (item.platform() == null) {
            errors.add(field(at, "platform"), "is required");
        } else {
            platform = platforms.find(item.platform()).orElse(null);
            if (platform == null) {
                errors.add(
                        field(at, "platform"),
                        "unknown platform '" + abbreviate(item.platform()) + "'; one of " + platforms.choices());
            }
        }
        if (platform != null) {
            var profile = platforms.profile(platform);
            if (contentType == null) {
                contentType = profile.defaultContentType().contentType();
            } else if (profile.contentType(contentType).isEmpty()) {
                errors.add(
                        field(at, "content_type"),
                        "'" + abbreviate(contentType) + "' is not a content type of " + platform + "; one of "
                                + String.join(
                                        ", ",
                                        profile.contentTypes().stream()
                                                .map(c -> c.contentType())
                                                .toList()));
            }
        }
        Instant scheduled = time(item.scheduledTime(), field(at, "scheduled_time"), zone, errors);
        Instant earliest = time(item.earliestTime(), field(at, "earliest_time"), zone, errors);
        Instant latest = time(item.latestTime(), field(at, "latest_time"), zone, errors);
        Instant now = clock.instant();
        if (scheduled != null && scheduled.isBefore(now)) {
            errors.add(field(at, "scheduled_time"), "must not be in the past");
        }
        if (latest != null && latest.isBefore(now)) {
            errors.add(field(at, "latest_time"), "must not be in the past");
        }
        if (earliest != null && latest != null && earliest.isAfter(latest)) {
            errors.add(field(at, "earliest_time"), "must not be after latest_time");
        }
        if (scheduled != null && earliest != null && scheduled.isBefore(earliest)) {
            errors.add(field(at, "scheduled_time"), "must not be before earliest_time");
        }
        if (scheduled != null && latest != null && scheduled.isAfter(latest)) {
            errors.add(field(at, "scheduled_time"), "must not be after latest_time");
        }
        int priority = item.priority() == null ? 50 : item.priority();
        if (priority < 0 || priority > 100) {
            errors.add(field(at, "priority"), "must be between 0 and 100");
        }
        String metadata = metadata(item.metadata(), field(at, "metadata"), errors);
        ItemPlacement.Kind placement = null;
        Instant notBefore = time(item.notBefore(), field(at, "not_before"), zone, errors);
        Instant notAfter = time(item.notAfter(), field(at, "not_after"), zone, errors);
        if (item.placement() != null) {
            placement = ItemPlacement.Kind.find(item.placement()).orElse(null);
            if (placement == null) {
                errors.add(
                        field(at, "placement"),
                        "unknown placement '" + abbreviate(item.placement()) + "'; one of queue, best");
            } else if (item.scheduledTime() != null) {
                errors.add(field(at, "placement"), "give either scheduled_time or placement, not both");
            }
        } else if (item.notBefore() != null || item.notAfter() != null) {
            errors.add(
                    field(at, item.notBefore() != null ? "not_before" : "not_after"),
                    "applies only with a placement (queue or best)");
        }
        if (notBefore != null && notAfter != null && notBefore.isAfter(notAfter)) {
            errors.add(field(at, "not_before"), "must not be after not_after");
        }
        if (notAfter != null && notAfter.isBefore(now)) {
            errors.add(field(at, "not_after"), "must not be in the past");
        }
        // the item's own bounds narrow its placement's window
        if (earliest != null && (notBefore == null || earliest.isAfter(notBefore))) {
            notBefore = earliest;
        }
        if (latest != null && (notAfter == null || latest.isBefore(notAfter))) {
            notAfter = latest;
        }
        if (placement != null && notAfter != null) {
            Instant start = notBefore == null || notBefore.isBefore(now) ? now : notBefore;
            Instant farthest = start.plus(MAX_PLACEMENT_WINDOW);
            if (notAfter.isAfter(farthest)) {
                if (item.notAfter() != null && !notAfter.isBefore(farthest)) {
                    errors.add(field(at, "not_after"), "a placement looks at most 366 days past not_before (or now)");
                }
                notAfter = farthest; // an item's own window may reach further; its placement looks a year ahead
            }
        }
        return new NewItem(
                contentId,
                platform,
                contentType,
                scheduled,
                earliest,
                latest,
                priority,
                Boolean.TRUE.equals(item.pinned()),
                metadata,
                placement,
                notBefore,
                notAfter,
                null,
                null,
                at);
    }

    /** A schedule update's own fields; null means "leave as is". */
    record ScheduleChanges(String title, String description, ZoneId zone, String metadataJson) {}

    ScheduleChanges changes(ScheduleRequests.UpdateSchedule request) {
        FieldErrors errors = new FieldErrors();
        String title = request.title() == null ? null : title(request.title(), errors);
        ZoneId zone = request.timezone() == null ? null : zone(request.timezone(), "timezone", errors);
        text(request.description(), "description", 5000, errors);
        String metadata = request.metadata() == null ? null : metadata(request.metadata(), "metadata", errors);
        if (request.title() == null
                && request.description() == null
                && request.timezone() == null
                && request.metadata() == null) {
            errors.add("body", "names no field to change (title, description, timezone, metadata)");
        }
        errors.throwIfAny();
        return new ScheduleChanges(title, request.description(), zone, metadata);
    }

    /** An item update with its times read in the schedule's zone. */
    record ItemChanges(
            Instant scheduledTime,
            ItemStatus status,
            String externalPostId,
            String externalUrl,
            String error,
            Integer priority,
            Boolean pinned,
            String metadataJson) {}

    ItemChanges changes(ScheduleRequests.UpdateItem request, ZoneId zone) {
        FieldErrors errors = new FieldErrors();
        Instant scheduled = time(request.scheduledTime(), "scheduled_time", zone, errors);
        if (scheduled != null && scheduled.isBefore(clock.instant())) {
            errors.add("scheduled_time", "must not be in the past");
        }
        ItemStatus status = null;
        if (request.status() != null) {
            // pending is where items start, not a status a change can ask for
            status = ItemStatus.find(request.status())
                    .filter(s -> s != ItemStatus.PENDING)
                    .orElse(null);
            if (status == null) {
                errors.add(
                        "status",
                        (ItemStatus.find(request.status()).isPresent()
                                        ? "items start pending, a change cannot ask for it"
                                        : "unknown status '" + abbreviate(request.status()) + "'")
                                + "; one of scheduled, published, skipped, failed");
            }
        }
        if (request.externalPostId() != null && status != ItemStatus.PUBLISHED) {
            errors.add("external_post_id", "applies only with status published");
        }
        if (request.externalUrl() != null) {
            if (status != ItemStatus.PUBLISHED) {
                errors.add("external_url", "applies only with status published");
            } else if (!request.externalUrl().matches("https?://\\S{1,2000}")) {
                errors.add("external_url", "must be an http(s) URL");
            }
        }
        if (request.error() != null && status != ItemStatus.FAILED && status != ItemStatus.SKIPPED) {
            errors.add("error", "applies only with status failed or skipped");
        }
        text(request.externalPostId(), "external_post_id", 500, errors);
        text(request.error(), "error", 2000, errors);
        if (request.priority() != null && (request.priority() < 0 || request.priority() > 100)) {
            errors.add("priority", "must be between 0 and 100");
        }
        String metadata = request.metadata() == null ? null : metadata(request.metadata(), "metadata", errors);
        if (scheduled == null
                && status == null
                && request.priority() == null
                && request.pinned() == null
                && metadata == null
                && errors.isEmpty()) {
            errors.add("body", "names no field to change (scheduled_time, status, priority, pinned, metadata)");
        }
        errors.throwIfAny();
        return new ItemChanges(
                scheduled,
                status,
                request.externalPostId(),
                request.externalUrl(),
                request.error(),
                request.priority(),
                request.pinned(),
                metadata);
    }

    /** A series update: the new time of day (in the schedule's zone), priority, metadata; null: unchanged. */
    record SeriesChanges(java.time.LocalTime timeOfDay, Integer priority, String metadataJson) {}

    SeriesChanges changes(ScheduleRequests.UpdateSeries request) {
        FieldErrors errors = new FieldErrors();
        java.time.LocalTime time = null;
        if (request.timeOfDay() != null) {
            if (!request.timeOfDay().matches("([01]\\d|2[0-3]):[0-5]\\d")) {
                errors.add(
                        "time_of_day", "'" + abbreviate(request.timeOfDay()) + "' is not a time HH:MM such as 10:00");
            } else {
                time = java.time.LocalTime.parse(request.timeOfDay());
            }
        }
        if (request.priority() != null && (request.priority() < 0 || request.priority() > 100)) {
            errors.add("priority", "must be between 0 and 100");
        }
        String metadata = request.metadata() == null ? null : metadata(request.metadata(), "metadata", errors);
        if (request.timeOfDay() == null && request.priority() == null && request.metadata() == null) {
            errors.add("body", "names no field to change (time_of_day, priority, metadata)");
        }
        errors.throwIfAny();
        return new SeriesChanges(time, request.priority(), metadata);
    }

    private static String title(String title, FieldErrors errors) {
        if (title == null || title.isBlank()) {
            errors.add("title", "is required");
            return null;
        }
        String trimmed = title.strip();
        if (trimmed.codePointCount(0, trimmed.length()) > 200) {
            errors.add("title", "must be 1 to 200 characters");
        }
        return trimmed;
    }

    static ZoneId zone(String timezone, String field, FieldErrors errors) {
        if (timezone == null || timezone.isBlank()) {
            errors.add(field, "is required (an IANA time zone such as America/New_York)");
            return null;
        }
        return dev.primetime.web.TimeZones.iana(timezone, field, errors);
    }

    /**
     * ISO-8601 with an offset ({@code 2025-11-06T14:00:00-05:00}, {@code …Z}) or a zone id suffix; without one the
     * time is read in {@code zone}, the schedule's time zone.
     */
    static Instant time(String raw, String field, ZoneId zone, FieldErrors errors) {
        return dev.primetime.web.DateTimeRange.check(parsedTime(raw, field, zone, errors), field, errors);
    }

    /** {@link #time} without the range check, for a time that is only compared (a list filter). */
    static Instant parsedTime(String raw, String field, ZoneId zone, FieldErrors errors) {
        if (raw == null) {
            return null;
        }
        try {
            TemporalAccessor parsed = DateTimeFormatter.ISO_DATE_TIME.parseBest(
                    raw.strip(), ZonedDateTime::from, OffsetDateTime::from, LocalDateTime::from);
            return switch (parsed) {
                case ZonedDateTime z -> z.toInstant();
                case OffsetDateTime o -> o.toInstant();
                case LocalDateTime l -> zone == null ? null : l.atZone(zone).toInstant();
                default -> throw new DateTimeParseException("unexpected", raw, 0);
            };
        } catch (DateTimeParseException e) {
            errors.add(
                    field, "'" + abbreviate(raw) + "' is not an ISO-8601 date-time such as 2025-11-06T14:00:00-05:00");
            return null;
        }
    }

    private String metadata(Map<String, Object> metadata, String field, FieldErrors errors) {
        if (metadata == null) {
            return "{}";
        }
        String serialized = json.writeValueAsString(metadata);
        if (serialized.getBytes(StandardCharsets.UTF_8).length > MAX_METADATA_BYTES) {
            errors.add(field, "must be at most 16 KiB of JSON");
        }
        return serialized;
    }

    private static void text(String value, String field, int max, FieldErrors errors) {
        if (value != null && value.length() > max) {
            errors.add(field, "must be at most " + max + " characters");
        }
    }

    private static String abbreviate(String s) {
        return s.length() > 60 ? s.substring(0, 60) + "…" : s;
    }
}
