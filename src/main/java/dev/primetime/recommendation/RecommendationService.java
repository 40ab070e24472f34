package dev.primetime.recommendation;

import dev.primetime.calendar.CalendarItems;
import dev.primetime.platform.Platform;
import dev.primetime.platform.PlatformCatalog;
import dev.primetime.platform.WeeklyCurve;
import dev.primetime.recommendation.Recommendations.Slot;
import dev.primetime.tenancy.Caller;
import dev.primetime.tenancy.TenantTransactions;
import dev.primetime.web.ApiException;
import dev.primetime.web.ErrorCode;
import java.sql.Types;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.TextStyle;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.SplittableRandom;
import java.util.UUID;
import javax.sql.DataSource;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Service;

/** Picks the best upcoming hours per platform from the engagement model and explains each one. */
@Service
class RecommendationService {
    private final BayesianEngagementModel model;
    private final PlatformCatalog platforms;
    private final CalendarItems calendar;
    private final TenantTransactions transactions;
    private final JdbcTemplate batch;
    private final Clock clock;

    RecommendationService(
            BayesianEngagementModel model,
            PlatformCatalog platforms,
            CalendarItems calendar,
            TenantTransactions transactions,
            DataSource dataSource,
            Clock clock) {
        this.model = model;
        this.platforms = platforms;
        this.calendar = calendar;
        this.transactions = transactions;
        this.batch = new JdbcTemplate(dataSource);
        this.clock = clock;
    }

    /** A validated request. */
    record Query(
            List<PlatformTarget> targets,
            int targetCount,
            ZoneId zone,
            Instant start,
            Instant end,
            Double minGapHours,
            boolean explore) {}

    record PlatformTarget(Platform platform, String contentType) {}

    /** @param rank what the candidates are sorted by: the (possibly sampled) value relative to the best hour */
    private record Candidate(
            PlatformTarget target, Instant at, int slot, double rank, double score, EngagementForecast forecast) {}

    Recommendations.RecommendationList recommend(Optional<Caller> caller, Query query) {
        Optional<String> tenant = caller.map(Caller::tenantId);
        Instant now = clock.instant();
        List<Candidate> candidates = new ArrayList<>();
        boolean history = false;
        SplittableRandom random = new SplittableRandom(seed(tenant, now));
        for (PlatformTarget target : query.targets()) {
            EngagementForecast forecast = model.forecast(tenant, target.platform(), target.contentType());
            history |= forecast.observations() > 0;
            WeeklyCurve ranking = forecast.expected();
            if (query.explore()) {
                // Thompson sampling: rank by one draw from the posterior, so uncertain but promising hours get tried.
                ranking = model.posterior(tenant, target.platform(), target.contentType())
                        .map(p -> p.sample(new java.util.Random(random.nextLong())))
                        .orElse(ranking);
            }
            double best = forecast.expected().max();
            Instant first = max(query.start(), now).truncatedTo(ChronoUnit.HOURS);
            if (first.isBefore(max(query.start(), now))) {
                first = first.plus(Duration.ofHours(1));
            }
            for (Instant at = first; at.isBefore(query.end()); at = at.plus(Duration.ofHours(1))) {
                int slot = WeeklyCurve.slot(at, query.zone());
                candidates.add(new Candidate(
                        target,
                        at,
                        slot,
                        ranking.get(slot) / best,
                        forecast.expected().get(slot) / best,
                        forecast));
            }
        }
        candidates.sort(Comparator.comparingDouble((Candidate c) -> -c.rank())
                .thenComparing(Candidate::at)
                .thenComparing(c -> c.target().platform()));
        Map<PlatformTarget, Duration> gaps = new HashMap<>();
        query.targets().forEach(t -> gaps.put(t, gap(query, t)));
        Map<PlatformTarget, List<Instant>> chosen = new HashMap<>();
        List<Candidate> picked = new ArrayList<>();
        for (Candidate c : candidates) {
            if (picked.size() == query.targetCount()) {
                break;
            }
            Duration gap = gaps.get(c.target());
            List<Instant> taken = chosen.computeIfAbsent(c.target(), t -> new ArrayList<>());
            boolean tooClose = taken.stream()
                    .anyMatch(t -> Duration.between(t, c.at()).abs().compareTo(gap) < 0);
            if (!tooClose) {
                taken.add(c.at());
                picked.add(c);
            }
        }
        List<PostingSlot> slots = picked.stream()
                .map(c -> new PostingSlot(c, reason(c, query.zone())))
                .toList();
        boolean fromHistory = history;
        List<UUID> ids =
                caller.map(c -> store(c, slots, query.zone(), fromHistory, now)).orElse(null);
        List<Slot> result = new ArrayList<>();
        for (int i = 0; i < slots.size(); i++) {
            Candidate c = slots.get(i).candidate();
            result.add(new Slot(
                    ids == null ? null : ids.get(i),
                    c.target().platform().id(),
                    c.target().contentType(),
                    c.at().atZone(query.zone()).toOffsetDateTime(),
                    round(c.score()),
                    round(c.forecast().expected().get(c.slot())),
                    round(c.forecast().confidence(c.slot())),
                    slots.get(i).reason()));
        }
        return new Recommendations.RecommendationList(
                result,
                history ? "tenant_history" : "platform_defaults",
                model.version(tenant),
                query.zone().getId(),
                now);
    }

    private record PostingSlot(Candidate candidate, String reason) {}

    private Duration gap(Query query, PlatformTarget target) {
        if (query.minGapHours() != null) {
            return Duration.ofMinutes(Math.round(query.minGapHours() * 60));
        }
        return Duration.ofMinutes(platforms
                .contentType(target.platform(), target.contentType())
                .orElseThrow()
                .minSpacingMinutes());
    }

    private String reason(Candidate c, ZoneId zone) {
        ZonedDateTime local = c.at().atZone(zone);
        String when = local.getDayOfWeek().getDisplayName(TextStyle.FULL, Locale.ENGLISH) + " "
                + String.format(Locale.ROOT, "%02d:00", local.getHour());
        var profile = platforms.profile(c.target().platform());
        EngagementForecast f = c.forecast();
        if (f.observations() == 0) {
            boolean inWindow = profile.contentType(c.target().contentType()).orElseThrow().windows().stream()
                    .anyMatch(w -> w.contains(local.getDayOfWeek(), local.toLocalTime()));
            return inWindow
                    ? when + " is in " + profile.displayName() + "'s peak window (" + profile.bestTimes()
                            + "); no engagement history of yours yet"
                    : when + " scores " + percent(c.score()) + " of " + profile.displayName()
                            + "'s best hour on the platform curve (" + profile.bestTimes()
                            + "); no history of yours yet";
        }
        return String.format(
                Locale.ROOT,
                "%s: expected %.1f× your median %s %s, from %d posts of yours and the %s curve",
                when,
                f.expected().get(c.slot()),
                profile.displayName(),
                c.target().contentType().replace('_', '-'),
                f.observations(),
                profile.displayName());
    }

    private static String percent(double x) {
        return Math.round(x * 100) + "%";
    }

    private List<UUID> store(Caller caller, List<PostingSlot> slots, ZoneId zone, boolean history, Instant now) {
        String version = model.version(Optional.of(caller.tenantId()));
        List<UUID> ids = new ArrayList<>();
        List<Object[]> rows = new ArrayList<>();
        for (PostingSlot s : slots) {
            Candidate c = s.candidate();
            UUID id = UUID.randomUUID();
            ids.add(id);
            rows.add(new Object[] {
                id,
                c.target().platform().id(),
                c.target().contentType(),
                c.at().atOffset(ZoneOffset.UTC),
                zone.getId(),
                c.score(),
                c.forecast().confidence(c.slot()),
                s.reason(),
                now.atOffset(ZoneOffset.UTC),
                c.at().atOffset(ZoneOffset.UTC),
                c.forecast().expected().get(c.slot()),
                history ? "tenant_history" : "platform_defaults",
                version
            });
        }
        if (rows.isEmpty()) {
            return ids;
        }
        transactions.write(
                caller,
                jdbc -> batch.batchUpdate("""
                INSERT INTO recommended_schedule_slots (id, platform, content_type, slot_time, timezone, score, confidence,
                    reason, generated_at, expires_at, expected_engagement, basis, model_version)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                """, rows, new int[] {
                    Types.OTHER,
                    Types.VARCHAR,
                    Types.VARCHAR,
                    Types.TIMESTAMP_WITH_TIMEZONE,
                    Types.VARCHAR,
                    Types.DOUBLE,
                    Types.DOUBLE,
                    Types.VARCHAR,
                    Types.TIMESTAMP_WITH_TIMEZONE,
                    Types.TIMESTAMP_WITH_TIMEZONE,
                    Types.DOUBLE,
                    Types.VARCHAR,
                    Types.VARCHAR
                }));
        return ids;
    }

    Recommendations.Accepted accept(Caller caller, UUID id, Recommendations.Accept request) {
        if (request.scheduleId() == null) {
            throw ApiException.validation("schedule_id", "is required");
        }
        if (request.contentId() == null || request.contentId().isBlank()) {
            throw ApiException.validation("content_id", "is required");
        }
        record Stored(String platform, String contentType, Instant slotTime, UUID acceptedItem) {}
        Instant now = clock.instant();
        // One transaction: the slot row stays locked while the item is added, so it is accepted at most once.
        return transactions.write(caller, jdbc -> {
            Stored slot = jdbc.sql(
                            "SELECT platform, content_type, slot_time, accepted_item_id FROM recommended_schedule_slots"
                                    + " WHERE id = ? FOR UPDATE")
                    .param(id)
                    .query((rs, n) -> new Stored(
                            rs.getString(1),
                            rs.getString(2),
                            rs.getObject(3, java.time.OffsetDateTime.class).toInstant(),
                            rs.getObject(4, UUID.class)))
                    .optional()
                    .orElseThrow(() -> ApiException.notFound("recommendation"));
            if (slot.acceptedItem() != null) {
                throw new ApiException(
                        ErrorCode.CONFLICT, "this recommendation was already accepted as item " + slot.acceptedItem());
            }
            Platform platform = Platform.find(slot.platform()).orElseThrow();
            UUID itemId = calendar.addItem(
                    caller, request.scheduleId(), request.contentId(), platform, slot.contentType(), slot.slotTime());
            jdbc.sql("UPDATE recommended_schedule_slots SET accepted_item_id = ?, accepted_at = ? WHERE id = ?")
                    .params(itemId, now.atOffset(ZoneOffset.UTC), id)
                    .update();
            ZoneId zone = calendar.find(caller, itemId)
                    .map(CalendarItems.ItemFacts::scheduleZone)
                    .orElse(ZoneOffset.UTC);
            return new Recommendations.Accepted(
                    id,
                    request.scheduleId(),
                    itemId,
                    slot.slotTime().atZone(zone).toOffsetDateTime());
        });
    }

    private static long seed(Optional<String> tenant, Instant now) {
        return tenant.map(String::hashCode).orElse(0) * 31L
                + now.truncatedTo(ChronoUnit.MINUTES).getEpochSecond();
    }

    private static Instant max(Instant a, Instant b) {
        return a.isAfter(b) ? a : b;
    }

    private static double round(double x) {
        return Math.round(x * 1000) / 1000.0;
    }
}
