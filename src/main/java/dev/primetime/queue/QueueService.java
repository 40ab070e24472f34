package dev.primetime.queue;

import dev.primetime.calendar.CalendarItems;
import dev.primetime.platform.ContentTypeProfile;
import dev.primetime.platform.Platform;
import dev.primetime.platform.PlatformCatalog;
import dev.primetime.platform.PlatformProfile;
import dev.primetime.recommendation.EngagementForecast;
import dev.primetime.recommendation.EngagementModel;
import dev.primetime.settings.SchedulingSettings;
import dev.primetime.tenancy.Caller;
import dev.primetime.tenancy.TenantTransactions;
import dev.primetime.web.ApiException;
import dev.primetime.web.FieldErrors;
import dev.primetime.web.TimeZones;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.springframework.stereotype.Service;

/** Queue operations and suggestions, each in one tenant transaction; every input rule lives here. */
@Service
class QueueService {
    static final int MAX_SLOTS = 100;
    /** How far ahead a queue's answer lists its slots as times (what the web page's week view marks). */
    static final Duration NEXT_SLOTS_AHEAD = Duration.ofDays(28);

    static final int MAX_NEXT_SLOTS = 400;
    private static final Pattern HH_MM = Pattern.compile("([01]\\d|2[0-3]):([0-5]\\d)");
    private final TenantTransactions transactions;
    private final QueueStore store;
    private final PlatformCatalog platforms;
    private final EngagementModel model;
    private final SchedulingSettings settings;
    private final CalendarItems calendar;
    private final QueuePlacement placement;
    private final Clock clock;

    QueueService(
            TenantTransactions transactions,
            QueueStore store,
            PlatformCatalog platforms,
            EngagementModel model,
            SchedulingSettings settings,
            CalendarItems calendar,
            QueuePlacement placement,
            Clock clock) {
        this.transactions = transactions;
        this.store = store;
        this.platforms = platforms;
        this.model = model;
        this.settings = settings;
        this.calendar = calendar;
        this.placement = placement;
        this.clock = clock;
    }

    /** The platform a path names (an id or alias of the catalog), or 404. */
    Platform platform(String id) {
        return platforms.find(id).orElseThrow(() -> ApiException.notFound("platform '" + abbreviate(id) + "'"));
    }

    QueueViews.QueueView put(Caller caller, String platformId, QueueRequests.PutQueue body) {
        Platform platform = platform(platformId);
        FieldErrors errors = new FieldErrors();
        ZoneId zone = body.timezone() == null
                ? missing("timezone", errors)
                : TimeZones.iana(body.timezone(), "timezone", errors);
        String contentType = contentType(platform, body.contentType(), errors);
        List<QueueSlot> slots = slots(body.slots(), errors);
        errors.throwIfAny();
        Instant now = clock.instant();
        return view(transactions.write(caller, jdbc -> store.put(jdbc, platform, zone, contentType, slots, now)));
    }

    QueueViews.QueueView get(Caller caller, String platformId) {
        Platform platform = platform(platformId);
        return view(transactions
                .read(caller, jdbc -> store.find(jdbc, platform))
                .orElseThrow(() -> ApiException.notFound("queue for " + platform.id())));
    }

    List<QueueViews.QueueView> all(Caller caller) {
        return transactions.read(caller, store::all).stream().map(this::view).toList();
    }

    void delete(Caller caller, String platformId) {
        Platform platform = platform(platformId);
        if (!transactions.write(caller, jdbc -> store.delete(jdbc, platform))) {
            throw ApiException.notFound("queue for " + platform.id());
        }
    }

    QueueViews.Suggestion suggest(Caller caller, String platformId, QueueRequests.Suggest body) {
        Platform platform = platform(platformId);
        FieldErrors errors = new FieldErrors();
        Integer perWeek = body.perWeek();
        if (perWeek == null) {
            errors.add("per_week", "is required (1 to " + MAX_SLOTS + ")");
        } else if (perWeek < 1 || perWeek > MAX_SLOTS) {
            errors.add("per_week", "must be between 1 and " + MAX_SLOTS);
        }
        String contentType = contentType(platform, body.contentType(), errors);
        ZoneId asked = body.timezone() == null ? null : TimeZones.iana(body.timezone(), "timezone", errors);
        if (body.minGapHours() != null && (body.minGapHours() < 0 || body.minGapHours() > 84)) {
            errors.add("min_gap_hours", "must be between 0 and 84");
        }
        errors.throwIfAny();
        ZoneId zone = asked != null
                ? asked
                : settings.of(caller)
                        .audienceZone(platform)
                        .or(() -> calendar.latestTimezone(caller))
                        .orElse(ZoneOffset.UTC);
        int gap = body.minGapHours() != null
                ? (int) Math.round(body.minGapHours() * 60)
                : placement.rules(platform, zone).minGapMinutes();
        EngagementForecast forecast =
                model.forSchedule(caller, zone, Optional.empty()).forecast(platform, contentType);
        Instant nextWeek = clock.instant().plus(Duration.ofDays(7));
        List<QueueViews.SuggestedSlot> slots = new ArrayList<>();
        for (QueueSuggestion.Pick pick : QueueSuggestion.suggest(forecast::expectedAt, zone, nextWeek, perWeek, gap)) {
            int hour = dev.primetime.platform.WeeklyCurve.slot(pick.at(), forecast.zone());
            slots.add(new QueueViews.SuggestedSlot(
                    pick.slot().dayId(),
                    pick.slot().timeText(),
                    pick.expected(),
                    forecast.confidence(hour),
                    String.format(
                            Locale.ROOT,
                            "hour %d of the 168 of the week by expected %s (%s)",
                            pick.rank(),
                            forecast.objective().id(),
                            forecast.observations() == 0
                                    ? "platform defaults"
                                    : "your history of " + forecast.observations() + " posts")));
        }
        return new QueueViews.Suggestion(
                platform.id(),
                contentType,
                zone.getId(),
                forecast.objective().id(),
                forecast.observations() == 0 ? "platform_defaults" : "tenant_history",
                slots);
    }

    private QueueViews.QueueView view(PostingQueue q) {
        Instant now = clock.instant();
        List<java.time.OffsetDateTime> next =
                QueueSlot.between(q.slots(), q.zone(), now, now.plus(NEXT_SLOTS_AHEAD)).stream()
                        .limit(MAX_NEXT_SLOTS)
                        .map(t -> t.atZone(q.zone()).toOffsetDateTime())
                        .toList();
        return new QueueViews.QueueView(
                q.platform().id(),
                q.zone().getId(),
                q.contentType(),
                q.slots().stream()
                        .map(s -> new QueueRequests.Slot(s.dayId(), s.timeText()))
                        .toList(),
                next,
                q.version(),
                q.createdAt(),
                q.updatedAt());
    }

    private String contentType(Platform platform, String contentType, FieldErrors errors) {
        PlatformProfile profile = platforms.profile(platform);
        if (contentType == null) {
            return profile.defaultContentType().contentType();
        }
        if (profile.contentType(contentType).isEmpty()) {
            errors.add(
                    "content_type",
                    "'" + abbreviate(contentType) + "' is not a content type of " + platform.id() + "; one of "
                            + String.join(
                                    ", ",
                                    profile.contentTypes().stream()
                                            .map(ContentTypeProfile::contentType)
                                            .toList()));
        }
        return contentType;
    }

    /** The slots, checked (1–100, mon…sun, HH:MM on the 5-minute grid, each once) and sorted. */
    static List<QueueSlot> slots(List<QueueRequests.Slot> requested, FieldErrors errors) {
        if (requested == null || requested.isEmpty()) {
            errors.add("slots", "must hold 1 to " + MAX_SLOTS + " slots");
            return List.of();
        }
        if (requested.size() > MAX_SLOTS) {
            errors.add("slots", "must hold 1 to " + MAX_SLOTS + " slots, got " + requested.size());
            return List.of();
        }
        List<QueueSlot> slots = new ArrayList<>();
        Set<QueueSlot> seen = new HashSet<>();
        for (int i = 0; i < requested.size(); i++) {
            QueueRequests.Slot s = requested.get(i);
            String at = "slots[" + i + "]";
            if (s == null) {
                errors.add(at, "must be an object with day and time");
                continue;
            }
            var day = s.day() == null ? null : QueueSlot.day(s.day());
            if (day == null) {
                errors.add(
                        at + ".day",
                        s.day() == null
                                ? "is required (mon … sun)"
                                : "'" + abbreviate(s.day())
                                        + "' is not a day; one of mon, tue, wed, thu, fri, sat, sun");
            }
            LocalTime time = null;
            Matcher m = s.time() == null ? null : HH_MM.matcher(s.time());
            if (m == null || !m.matches()) {
                errors.add(
                        at + ".time",
                        s.time() == null
                                ? "is required (HH:MM)"
                                : "'" + abbreviate(s.time()) + "' is not a time HH:MM such as 10:00");
            } else if (Integer.parseInt(m.group(2)) % 5 != 0) {
                errors.add(at + ".time", "must be on a 5-minute grid (10:00, 10:05, …), got " + s.time());
            } else {
                time = LocalTime.of(Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2)));
            }
            if (day != null && time != null) {
                QueueSlot slot = new QueueSlot(day, time);
                if (!seen.add(slot)) {
                    errors.add(at, "repeats " + slot.dayId() + " " + slot.timeText());
                } else {
                    slots.add(slot);
                }
            }
        }
        return slots.stream().sorted().toList();
    }

    private static ZoneId missing(String field, FieldErrors errors) {
        errors.add(field, "is required (an IANA time zone such as Europe/Berlin)");
        return null;
    }

    private static String abbreviate(String s) {
        return s.length() > 60 ? s.substring(0, 60) + "…" : s;
    }
}
