package dev.primetime.engagement;

import dev.primetime.calendar.CalendarItems;
import dev.primetime.engagement.KpiEventRequests.KpiEventRequest;
import dev.primetime.engagement.KpiEventViews.KpiEventView;
import dev.primetime.engagement.KpiEventViews.Recorded;
import dev.primetime.platform.Platform;
import dev.primetime.platform.PlatformCatalog;
import dev.primetime.tenancy.Caller;
import dev.primetime.tenancy.TenantTransactions;
import dev.primetime.web.DateTimeRange;
import dev.primetime.web.FieldErrors;
import dev.primetime.web.Page;
import dev.primetime.web.PageRequest;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Service;

/** Validates engagement events, records a batch atomically and tells listeners that a tenant has new history. */
@Service
class KpiEventService {
    static final int MAX_BATCH = 1000;
    private final TenantTransactions transactions;
    private final CalendarItems items;
    private final PlatformCatalog platforms;
    private final ApplicationEventPublisher publisher;
    private final KpiEventStore store;
    private final Clock clock;

    KpiEventService(
            TenantTransactions transactions,
            CalendarItems items,
            PlatformCatalog platforms,
            ApplicationEventPublisher publisher,
            KpiEventStore store,
            Clock clock) {
        this.transactions = transactions;
        this.items = items;
        this.platforms = platforms;
        this.publisher = publisher;
        this.store = store;
        this.clock = clock;
    }

    /** An event ready to store. */
    record Accepted(
            String eventId,
            UUID itemId,
            String contentId,
            Platform platform,
            String contentType,
            Instant publishedAt,
            Instant observedAt,
            KpiMetric metric,
            double value,
            ZoneId zone) {}

    Recorded record(Caller caller, List<KpiEventRequest> requests, boolean batchForm) {
        FieldErrors errors = new FieldErrors();
        if (requests.isEmpty()) {
            errors.add("events", "must contain at least one event");
        }
        if (requests.size() > MAX_BATCH) {
            errors.add("events", "at most " + MAX_BATCH + " events per request, got " + requests.size());
            errors.throwIfAny();
        }
        List<Accepted> accepted = new ArrayList<>();
        for (int i = 0; i < requests.size(); i++) {
            String at = batchForm ? "events[" + i + "]." : "";
            KpiEventRequest request = requests.get(i);
            if (request == null) {
                errors.add(batchForm ? "events[" + i + "]" : "body", "must be an object");
                continue;
            }
            Accepted event = validate(caller, request, at, errors);
            if (event != null) {
                accepted.add(event);
            }
        }
        errors.throwIfAny();
        Instant now = clock.instant();
        int stored = transactions.write(caller, jdbc -> store.insert(accepted, now));
        if (stored > 0) {
            publisher.publishEvent(new EngagementRecorded(caller.tenantId(), stored));
        }
        return new Recorded(requests.size(), stored, requests.size() - stored);
    }

    private Accepted validate(Caller caller, KpiEventRequest r, String at, FieldErrors errors) {
        int before = errorCount(errors);
        CalendarItems.ItemFacts item = null;
        if (r.itemId() != null) {
            try {
                item = items.find(caller, UUID.fromString(r.itemId())).orElse(null);
            } catch (IllegalArgumentException e) {
                item = null;
            }
            if (item == null) {
                errors.add(at + "item_id", "no such schedule item");
            }
        } else if (r.contentId() == null || r.contentId().isBlank()) {
            errors.add(at + "content_id", "is required when item_id is absent");
        } else if (r.contentId().length() > 200) {
            errors.add(at + "content_id", "must be at most 200 characters");
        }
        Platform platform = item == null ? null : item.platform();
        if (r.platform() != null) {
            Platform given = platforms.find(r.platform()).orElse(null);
            if (given == null) {
                errors.add(at + "platform", "unknown platform '" + abbreviate(r.platform()) + "'");
            } else if (platform != null && !platform.equals(given)) {
                errors.add(at + "platform", "the item is on " + platform + ", not " + given);
            } else {
                platform = given;
            }
        } else if (item == null && r.itemId() == null) {
            errors.add(at + "platform", "is required when item_id is absent");
        }
        String contentType = item == null ? r.contentType() : item.contentType();
        if (item != null && r.contentType() != null && !r.contentType().equals(item.contentType())) {
            errors.add(
                    at + "content_type",
                    "the item is a " + item.contentType() + ", not " + abbreviate(r.contentType()));
        }
        if (platform != null) {
            var profile = platforms.profile(platform);
            if (contentType == null) {
                contentType = profile.defaultContentType().contentType();
            } else if (profile.contentType(contentType).isEmpty()) {
                errors.add(
                        at + "content_type", "'" + abbreviate(contentType) + "' is not a content type of " + platform);
            }
        }
        Instant now = clock.instant();
        Instant published = time(r.publishedAt(), at + "published_at", errors);
        if (published == null && r.publishedAt() == null) {
            if (item != null && item.scheduledTime() != null) {
                published = item.scheduledTime();
            } else {
                errors.add(at + "published_at", "is required (the item has no scheduled_time to take it from)");
            }
        }
        Instant observed = r.observedAt() == null ? now : time(r.observedAt(), at + "observed_at", errors);
        if (observed != null && observed.isAfter(now.plus(Duration.ofMinutes(5)))) {
            errors.add(at + "observed_at", "must not be in the future");
        }
        if (published != null && observed != null && observed.isBefore(published)) {
            errors.add(at + "observed_at", "must not be before published_at");
        }
        KpiMetric metric = null;
        if (r.metric() == null) {
            errors.add(at + "metric", "is required");
        } else {
            metric = KpiMetric.find(r.metric()).orElse(null);
            if (metric == null) {
                errors.add(
                        at + "metric", "unknown metric '" + abbreviate(r.metric()) + "'; one of " + KpiMetric.names());
            }
        }
        if (r.value() == null) {
            errors.add(at + "value", "is required");
        } else if (r.value().isNaN() || r.value().isInfinite() || r.value() < 0) {
            errors.add(at + "value", "must be a number ≥ 0");
        }
        if (r.eventId() != null && (r.eventId().isBlank() || r.eventId().length() > 200)) {
            errors.add(at + "event_id", "must be 1 to 200 characters");
        }
        ZoneId zone = null;
        if (r.timezone() != null) {
            zone = dev.primetime.web.TimeZones.iana(r.timezone(), at + "timezone", errors);
        }
        if (errorCount(errors) > before) {
            return null;
        }
        // No default zone: an event that names none is read in the audience's zone when the model is fitted (issue
        // 18), so a default here can never shift a tenant's history.
        return new Accepted(
                r.eventId(),
                item == null ? null : item.itemId(),
                item == null ? r.contentId() : item.contentId(),
                platform,
                contentType,
                published,
                observed,
                metric,
                r.value(),
                zone);
    }

    Page<KpiEventView> list(Caller caller, String platform, String itemId, PageRequest page) {
        return transactions.read(
                caller,
                jdbc -> page.page(
                        store.newestFirst(jdbc, platform, itemId, page),
                        v -> PageRequest.cursor(v.createdAt().toString(), v.id().toString())));
    }

    private static Instant time(String raw, String field, FieldErrors errors) {
        if (raw == null) {
            return null;
        }
        try {
            return DateTimeRange.check(
                    OffsetDateTime.parse(raw.strip(), DateTimeFormatter.ISO_OFFSET_DATE_TIME)
                            .toInstant(),
                    field,
                    errors);
        } catch (DateTimeParseException e) {
            errors.add(
                    field,
                    "'" + abbreviate(raw)
                            + "' is not an ISO-8601 date-time with an offset, such as 2026-03-03T15:00:00Z");
            return null;
        }
    }

    private static int errorCount(FieldErrors errors) {
        return errors.size();
    }

    private static String abbreviate(String s) {
        return s.length() > 60 ? s.substring(0, 60) + "…" : s;
    }
}
