package dev.primetime.optimization.trial;

import dev.primetime.calendar.CalendarItems;
import dev.primetime.optimization.trial.TrialStatistics.Evaluation;
import dev.primetime.optimization.trial.TrialStatistics.Observed;
import dev.primetime.optimization.trial.Trials.AssignRequest;
import dev.primetime.optimization.trial.Trials.AssignResponse;
import dev.primetime.optimization.trial.Trials.Assignment;
import dev.primetime.optimization.trial.Trials.CreateTrial;
import dev.primetime.optimization.trial.Trials.TrialView;
import dev.primetime.optimization.trial.Trials.VariantRequest;
import dev.primetime.optimization.trial.Trials.VariantView;
import dev.primetime.optimization.trial.Trials.WeeklySlot;
import dev.primetime.platform.ContentTypeProfile;
import dev.primetime.platform.Platform;
import dev.primetime.platform.PlatformCatalog;
import dev.primetime.tenancy.Caller;
import dev.primetime.tenancy.TenantTransactions;
import dev.primetime.web.ApiException;
import dev.primetime.web.ErrorCode;
import dev.primetime.web.FieldErrors;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.time.format.ResolverStyle;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.apache.commons.math3.random.Well19937c;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

/**
 * A/B trials of weekly posting slots. The posteriors are computed on read from the KPI events of the assigned posts;
 * the first evaluation that finds a winner (on a read, or when new KPI events arrive) records the conclusion.
 */
@Service
class TrialService {
    static final int MAX_ASSIGN = 500;
    private static final int MIN_VARIANTS = 2;
    private static final int MAX_VARIANTS = 6;
    private static final int MAX_SLOTS = 50;
    private static final int DEFAULT_MIN_POSTS = 10;
    private static final double DEFAULT_MIN_LIFT = 0.05;
    private static final Map<String, String> DAYS = days();
    private static final DateTimeFormatter TIME =
            DateTimeFormatter.ofPattern("HH:mm").withResolverStyle(ResolverStyle.STRICT);

    private final TenantTransactions transactions;
    private final CalendarItems items;
    private final PlatformCatalog platforms;
    private final JsonMapper json;
    private final Clock clock;

    TrialService(
            TenantTransactions transactions,
            CalendarItems items,
            PlatformCatalog platforms,
            JsonMapper json,
            Clock clock) {
        this.transactions = transactions;
        this.items = items;
        this.platforms = platforms;
        this.json = json;
        this.clock = clock;
    }

    /** A trial as stored. */
    record TrialRow(
            UUID id,
            String name,
            Platform platform,
            String contentType,
            TrialMetric metric,
            Allocation allocation,
            TrialStatus status,
            int minPostsPerVariant,
            double minLift,
            long seed,
            List<VariantRequest> variants,
            String winner,
            Instant createdAt,
            Instant endedAt) {}

    TrialView create(Caller caller, CreateTrial request) {
        FieldErrors errors = new FieldErrors();
        String name = request.name() == null ? null : request.name().strip();
        if (name == null || name.isEmpty()) {
            errors.add("name", "is required");
        } else if (name.length() > 200) {
            errors.add("name", "at most 200 characters");
        }
        Platform platform = null;
        if (request.platform() == null) {
            errors.add("platform", "is required");
        } else {
            platform = platforms.find(request.platform()).orElse(null);
            if (platform == null) {
                errors.add("platform", "must be one of " + platforms.choices());
            }
        }
        String contentType = request.contentType();
        if (platform != null) {
            if (contentType == null) {
                contentType = platforms.profile(platform).defaultContentType().contentType();
            } else if (platforms.contentType(platform, contentType).isEmpty()) {
                errors.add(
                        "content_type",
                        "must be one of "
                                + platforms.profile(platform).contentTypes().stream()
                                        .map(ContentTypeProfile::contentType)
                                        .toList());
            }
        }
        List<VariantRequest> variants = variants(request.variants(), errors);
        TrialMetric metric = null;
        if (request.metric() == null) {
            errors.add("metric", "is required");
        } else {
            metric = TrialMetric.find(request.metric()).orElse(null);
            if (metric == null) {
                errors.add("metric", "must be one of " + TrialMetric.ids());
            }
        }
        Allocation allocation = Allocation.THOMPSON;
        if (request.allocation() != null) {
            allocation = Allocation.find(request.allocation()).orElse(null);
            if (allocation == null) {
                errors.add("allocation", "must be thompson or uniform");
            }
        }
        int minPosts = request.minPostsPerVariant() == null ? DEFAULT_MIN_POSTS : request.minPostsPerVariant();
        if (minPosts < 2 || minPosts > 10_000) {
            errors.add("min_posts_per_variant", "must be between 2 and 10000");
        }
        double minLift = request.minLift() == null ? DEFAULT_MIN_LIFT : request.minLift();
        if (!(minLift > 0 && minLift <= 1)) {
            errors.add("min_lift", "must be greater than 0 and at most 1");
        }
        errors.throwIfAny();
        UUID id = UUID.randomUUID();
        long seed = request.seed() != null ? request.seed() : id.getMostSignificantBits();
        Instant now = clock.instant();
        String variantsJson = json.writeValueAsString(variants);
        Platform chosenPlatform = platform;
        String chosenType = contentType;
        String metricId = metric.id();
        String allocationId = allocation.id();
        transactions.write(
                caller,
                jdbc -> jdbc.sql("""
                        INSERT INTO optimization_trials (id, name, status, metric, variants, platform, content_type,
                            allocation, min_posts_per_variant, min_lift, seed, started_at, created_at, updated_at)
                        VALUES (?, ?, 'running', ?, ?::jsonb, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                        """)
                        .params(
                                id,
                                name,
                                metricId,
                                variantsJson,
                                chosenPlatform.id(),
                                chosenType,
                                allocationId,
                                minPosts,
                                minLift,
                                seed,
                                at(now),
                                at(now),
                                at(now))
                        .update());
        return get(caller, id.toString());
    }

    TrialView get(Caller caller, String id) {
        UUID trialId = trialId(id);
        return transactions.write(caller, jdbc -> {
            TrialRow row = find(jdbc, trialId, false).orElseThrow(() -> ApiException.notFound("trial"));
            return view(jdbc, concludeIfDecided(jdbc, row));
        });
    }

    TrialView stop(Caller caller, String id) {
        UUID trialId = trialId(id);
        return transactions.write(caller, jdbc -> {
            TrialRow row = find(jdbc, trialId, true).orElseThrow(() -> ApiException.notFound("trial"));
            if (!row.status().canMoveTo(TrialStatus.STOPPED)) {
                throw new ApiException(
                        ErrorCode.INVALID_STATE_TRANSITION, "the trial is " + row.status() + ", it cannot be stopped");
            }
            Instant now = clock.instant();
            jdbc.sql("UPDATE optimization_trials SET status = 'stopped', ended_at = ?, updated_at = ? WHERE id = ?")
                    .params(at(now), at(now), trialId)
                    .update();
            return view(jdbc, find(jdbc, trialId, false).orElseThrow());
        });
    }

    AssignResponse assign(Caller caller, String id, AssignRequest request) {
        UUID trialId = trialId(id);
        FieldErrors errors = new FieldErrors();
        List<String> itemIds = request.itemIds() == null ? List.of() : request.itemIds();
        List<String> contentIds = request.contentIds() == null ? List.of() : request.contentIds();
        if (itemIds.isEmpty() && contentIds.isEmpty()) {
            errors.add("item_ids", "give at least one item id or content id");
        }
        if (itemIds.size() + contentIds.size() > MAX_ASSIGN) {
            errors.add("item_ids", "at most " + MAX_ASSIGN + " posts per request");
            errors.throwIfAny();
        }
        // Read the trial first so another tenant's id is a 404, not a list of field errors.
        TrialRow trial = transactions
                .read(caller, jdbc -> find(jdbc, trialId, false))
                .orElseThrow(() -> ApiException.notFound("trial"));
        List<UUID> itemUuids = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < itemIds.size(); i++) {
            String raw = itemIds.get(i);
            UUID itemId = parseUuid(raw);
            if (itemId == null) {
                errors.add("item_ids[" + i + "]", "must be a schedule item id");
                continue;
            }
            if (!seen.add("item:" + itemId)) {
                errors.add("item_ids[" + i + "]", "is listed twice");
                continue;
            }
            var facts = items.find(caller, itemId).orElse(null);
            if (facts == null) {
                errors.add("item_ids[" + i + "]", "no such schedule item");
            } else if (!facts.platform().equals(trial.platform())
                    || !facts.contentType().equals(trial.contentType())) {
                errors.add(
                        "item_ids[" + i + "]",
                        "the item is a " + facts.platform() + " " + facts.contentType() + ", the trial is for "
                                + trial.platform() + " " + trial.contentType());
            } else {
                itemUuids.add(itemId);
            }
        }
        for (int i = 0; i < contentIds.size(); i++) {
            String c = contentIds.get(i);
            if (c == null || c.isBlank() || c.length() > 200) {
                errors.add("content_ids[" + i + "]", "must be 1 to 200 characters");
            } else if (!seen.add("content:" + c)) {
                errors.add("content_ids[" + i + "]", "is listed twice");
            }
        }
        errors.throwIfAny();
        return transactions.write(caller, jdbc -> {
            TrialRow row = find(jdbc, trialId, true).orElseThrow(() -> ApiException.notFound("trial"));
            row = concludeIfDecided(jdbc, row);
            if (row.status() != TrialStatus.RUNNING) {
                throw new ApiException(
                        ErrorCode.INVALID_STATE_TRANSITION,
                        "the trial is " + row.status() + ", posts can no longer be assigned");
            }
            Map<String, String> existing = new HashMap<>();
            jdbc.sql("SELECT item_id, content_id, variant FROM optimization_trial_assignments WHERE trial_id = ?")
                    .param(trialId)
                    .query(rs -> {
                        String item = rs.getString("item_id");
                        existing.put(
                                item != null ? "item:" + item : "content:" + rs.getString("content_id"),
                                rs.getString("variant"));
                    });
            List<String> labels =
                    row.variants().stream().map(VariantRequest::label).toList();
            int[] assigned = new int[labels.size()];
            existing.values().forEach(v -> assigned[labels.indexOf(v)]++);
            List<Observed> observed = observations(jdbc, row);
            boolean rate = row.metric().isRate();
            TrialStatistics.Rule rule =
                    new TrialStatistics.Rule(row.minPostsPerVariant(), row.minLift(), TrialStatistics.DEFAULT_DRAWS, 0);
            // Seeded by the trial and how many posts it already holds: the same requests give the same placements.
            var random = new Well19937c(row.seed() * 31 + existing.size());
            Instant now = clock.instant();
            List<Assignment> out = new ArrayList<>();
            Map<String, List<WeeklySlot>> slots = new LinkedHashMap<>();
            row.variants().forEach(v -> slots.put(v.label(), v.weeklySlots()));
            for (UUID itemId : itemUuids) {
                out.add(place(
                        jdbc,
                        trialId,
                        "item:" + itemId,
                        itemId,
                        null,
                        existing,
                        labels,
                        assigned,
                        observed,
                        rate,
                        row,
                        rule,
                        random,
                        slots,
                        now));
            }
            for (String contentId : contentIds) {
                out.add(place(
                        jdbc,
                        trialId,
                        "content:" + contentId,
                        null,
                        contentId,
                        existing,
                        labels,
                        assigned,
                        observed,
                        rate,
                        row,
                        rule,
                        random,
                        slots,
                        now));
            }
            return new AssignResponse(trialId, out);
        });
    }

    private Assignment place(
            JdbcClient jdbc,
            UUID trialId,
            String key,
            UUID itemId,
            String contentId,
            Map<String, String> existing,
            List<String> labels,
            int[] assigned,
            List<Observed> observed,
            boolean rate,
            TrialRow row,
            TrialStatistics.Rule rule,
            Well19937c random,
            Map<String, List<WeeklySlot>> slots,
            Instant now) {
        String already = existing.get(key);
        if (already != null) {
            return new Assignment(itemId, contentId, already, slots.get(already), true);
        }
        int v = TrialAllocator.choose(row.allocation(), rate, observed, assigned, rule, random);
        assigned[v]++;
        String label = labels.get(v);
        existing.put(key, label);
        jdbc.sql("""
                        INSERT INTO optimization_trial_assignments (trial_id, variant, item_id, content_id, assigned_at)
                        VALUES (?, ?, ?, ?, ?)
                        """).params(trialId, label, itemId, contentId, at(now)).update();
        return new Assignment(itemId, contentId, label, slots.get(label), false);
    }

    /** Re-evaluates every running trial of the tenant; called when new KPI events have been stored. */
    void refreshRunning(Caller caller) {
        transactions.write(caller, jdbc -> {
            List<UUID> running = jdbc.sql("SELECT id FROM optimization_trials WHERE status = 'running' FOR UPDATE")
                    .query(UUID.class)
                    .list();
            for (UUID id : running) {
                find(jdbc, id, false).ifPresent(row -> concludeIfDecided(jdbc, row));
            }
            return null;
        });
    }

    private TrialRow concludeIfDecided(JdbcClient jdbc, TrialRow row) {
        if (row.status() != TrialStatus.RUNNING) {
            return row;
        }
        Evaluation evaluation = evaluate(row, observations(jdbc, row));
        if (evaluation.winner().isEmpty() || !row.status().canMoveTo(TrialStatus.CONCLUDED)) {
            return row;
        }
        Instant now = clock.instant();
        // Guarded by status: when another evaluation concluded first, the stored row is the answer either way.
        jdbc.sql("""
                        UPDATE optimization_trials SET status = 'concluded', winner = ?, results = ?::jsonb, ended_at = ?,
                            updated_at = ?
                        WHERE id = ? AND status = 'running'
                        """)
                .params(
                        evaluation.winner().get(),
                        json.writeValueAsString(
                                Map.of("variants", evaluation.variants(), "leading_lift_sd", evaluation.liftSd())),
                        at(now),
                        at(now),
                        row.id())
                .update();
        return find(jdbc, row.id(), false).orElseThrow();
    }

    private static Evaluation evaluate(TrialRow row, List<Observed> observed) {
        return TrialStatistics.evaluate(
                row.metric().isRate(),
                observed,
                new TrialStatistics.Rule(
                        row.minPostsPerVariant(), row.minLift(), TrialStatistics.DEFAULT_DRAWS, row.seed()));
    }

    private TrialView view(JdbcClient jdbc, TrialRow row) {
        List<Observed> observed = observations(jdbc, row);
        Evaluation evaluation = evaluate(row, observed);
        Map<String, Integer> assigned = new HashMap<>();
        jdbc.sql("SELECT variant, count(*) AS n FROM optimization_trial_assignments WHERE trial_id = ? GROUP BY 1")
                .param(row.id())
                .query(rs -> {
                    assigned.put(rs.getString("variant"), rs.getInt("n"));
                });
        List<VariantView> variants = new ArrayList<>();
        for (int v = 0; v < row.variants().size(); v++) {
            VariantRequest spec = row.variants().get(v);
            var result = evaluation.variants().get(v);
            variants.add(new VariantView(
                    spec.label(),
                    spec.weeklySlots(),
                    assigned.getOrDefault(spec.label(), 0),
                    result.posts(),
                    round(result.mean()),
                    List.of(round(result.lower95()), round(result.upper95())),
                    round(result.probabilityBest()),
                    round(result.probabilityBestByMinLift())));
        }
        return new TrialView(
                row.id(),
                row.name(),
                row.platform().id(),
                row.contentType(),
                row.metric(),
                row.allocation(),
                row.status(),
                row.minPostsPerVariant(),
                row.minLift(),
                variants,
                round(evaluation.liftSd()),
                row.winner(),
                at(row.createdAt()),
                row.endedAt() == null ? null : at(row.endedAt()));
    }

    /** Per variant, what its assigned posts earned: the latest value of each metric per post counts. */
    private List<Observed> observations(JdbcClient jdbc, TrialRow row) {
        Map<String, Observed> byLabel = new LinkedHashMap<>();
        row.variants().forEach(v -> byLabel.put(v.label(), Observed.none(v.label())));
        boolean rate = row.metric().isRate();
        jdbc.sql("""
                        WITH latest AS (
                            SELECT a.variant, a.id AS post, e.metric,
                                   (array_agg(e.value ORDER BY e.observed_at DESC, e.value DESC, e.id))[1] AS value
                            FROM optimization_trial_assignments a
                            JOIN performance_kpi_events e
                              ON (a.item_id IS NOT NULL AND e.item_id = a.item_id)
                              -- a content's posts of the trial's kind, except items the trial holds on their own:
                              -- an item's events carry its content id, and would count for both assignments
                              OR (a.content_id IS NOT NULL AND e.content_id = a.content_id AND e.platform = ?
                                  AND e.content_type = ?
                                  AND (e.item_id IS NULL OR e.item_id NOT IN (
                                      SELECT item_id FROM optimization_trial_assignments
                                      WHERE trial_id = a.trial_id AND item_id IS NOT NULL)))
                            WHERE a.trial_id = ? AND e.metric IS NOT NULL
                            GROUP BY a.variant, a.id, e.metric)
                        SELECT variant, post,
                               coalesce(sum(value) FILTER (WHERE metric IN ('likes', 'comments', 'shares', 'saves', 'clicks')), 0)
                                   AS interactions,
                               max(value) FILTER (WHERE metric = 'impressions') AS impressions,
                               max(value) FILTER (WHERE metric = 'views') AS views,
                               max(value) FILTER (WHERE metric = ?) AS measured
                        FROM latest
                        GROUP BY variant, post
                        ORDER BY variant, post
                        """)
                .params(
                        row.platform().id(),
                        row.contentType(),
                        row.id(),
                        row.metric().id())
                .query(rs -> {
                    Observed o = byLabel.get(rs.getString("variant"));
                    if (o == null) {
                        return;
                    }
                    if (rate) {
                        double impressions = rs.getDouble("impressions");
                        double exposures = impressions > 0 ? impressions : rs.getDouble("views");
                        if (exposures > 0) {
                            byLabel.put(o.label(), o.plusRate(rs.getDouble("interactions"), exposures));
                        }
                    } else {
                        double measured = rs.getDouble("measured");
                        if (!rs.wasNull()) {
                            byLabel.put(o.label(), o.plusCount(measured));
                        }
                    }
                });
        return new ArrayList<>(byLabel.values());
    }

    private Optional<TrialRow> find(JdbcClient jdbc, UUID id, boolean lock) {
        return jdbc.sql("""
                        SELECT id, name, platform, content_type, metric, allocation, status, min_posts_per_variant, min_lift,
                               seed, variants::text AS variants, winner, created_at, ended_at
                        FROM optimization_trials WHERE id = ?
                        """ + (lock ? " FOR UPDATE" : ""))
                .param(id)
                .query((rs, n) -> new TrialRow(
                        rs.getObject("id", UUID.class),
                        rs.getString("name"),
                        Platform.of(rs.getString("platform")),
                        rs.getString("content_type"),
                        TrialMetric.find(rs.getString("metric")).orElseThrow(),
                        Allocation.find(rs.getString("allocation")).orElseThrow(),
                        TrialStatus.find(rs.getString("status")).orElseThrow(),
                        rs.getInt("min_posts_per_variant"),
                        rs.getDouble("min_lift"),
                        rs.getLong("seed"),
                        json.readValue(rs.getString("variants"), new TypeReference<List<VariantRequest>>() {}),
                        rs.getString("winner"),
                        rs.getObject("created_at", OffsetDateTime.class).toInstant(),
                        Optional.ofNullable(rs.getObject("ended_at", OffsetDateTime.class))
                                .map(OffsetDateTime::toInstant)
                                .orElse(null)))
                .optional();
    }

    private static List<VariantRequest> variants(List<VariantRequest> requested, FieldErrors errors) {
        if (requested == null) {
            errors.add("variants", "is required");
            return List.of();
        }
        if (requested.size() < MIN_VARIANTS || requested.size() > MAX_VARIANTS) {
            errors.add("variants", "must have 2 to 6 variants, got " + requested.size());
            return List.of();
        }
        List<VariantRequest> out = new ArrayList<>();
        Set<String> labels = new HashSet<>();
        for (int i = 0; i < requested.size(); i++) {
            String at = "variants[" + i + "].";
            VariantRequest v = requested.get(i);
            if (v == null) {
                errors.add("variants[" + i + "]", "must be an object");
                continue;
            }
            String label = v.label() == null ? null : v.label().strip();
            if (label == null || label.isEmpty() || label.length() > 50) {
                errors.add(at + "label", "must be 1 to 50 characters");
            } else if (!labels.add(label)) {
                errors.add(at + "label", "'" + label + "' is used by another variant");
            }
            List<WeeklySlot> slots = new ArrayList<>();
            if (v.weeklySlots() == null || v.weeklySlots().isEmpty()) {
                errors.add(at + "weekly_slots", "needs at least one {day, time}");
            } else if (v.weeklySlots().size() > MAX_SLOTS) {
                errors.add(at + "weekly_slots", "at most " + MAX_SLOTS + " slots");
            } else {
                for (int j = 0; j < v.weeklySlots().size(); j++) {
                    WeeklySlot slot = v.weeklySlots().get(j);
                    String where = at + "weekly_slots[" + j + "].";
                    if (slot == null) {
                        errors.add(at + "weekly_slots[" + j + "]", "must be an object");
                        continue;
                    }
                    String day = slot.day() == null ? null : DAYS.get(slot.day().toLowerCase(java.util.Locale.ROOT));
                    if (day == null) {
                        errors.add(where + "day", "must be mon, tue, wed, thu, fri, sat or sun");
                    }
                    LocalTime time = null;
                    try {
                        time = slot.time() == null ? null : LocalTime.parse(slot.time(), TIME);
                    } catch (DateTimeParseException e) {
                        time = null;
                    }
                    if (time == null) {
                        errors.add(where + "time", "must be a local time HH:MM");
                    }
                    if (day != null && time != null) {
                        slots.add(new WeeklySlot(day, TIME.format(time)));
                    }
                }
            }
            out.add(new VariantRequest(label, slots));
        }
        return out;
    }

    private static Map<String, String> days() {
        Map<String, String> days = new HashMap<>();
        for (java.time.DayOfWeek d : java.time.DayOfWeek.values()) {
            String full = d.name().toLowerCase(java.util.Locale.ROOT);
            days.put(full, full.substring(0, 3));
            days.put(full.substring(0, 3), full.substring(0, 3));
        }
        return days;
    }

    private static UUID trialId(String id) {
        UUID uuid = parseUuid(id);
        if (uuid == null) {
            throw ApiException.notFound("trial");
        }
        return uuid;
    }

    private static UUID parseUuid(String raw) {
        if (raw == null || raw.length() != 36) {
            return null;
        }
        try {
            return UUID.fromString(raw);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    private static OffsetDateTime at(Instant instant) {
        return instant.atOffset(ZoneOffset.UTC);
    }

    private static double round(double value) {
        return Math.round(value * 1_000_000) / 1_000_000.0;
    }
}
