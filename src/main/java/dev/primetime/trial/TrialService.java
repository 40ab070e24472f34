package dev.primetime.trial;

import dev.primetime.engagement.EngagementHistory;
import dev.primetime.engagement.KpiMetric;
import dev.primetime.engagement.PostGroup;
import dev.primetime.tenancy.Caller;
import dev.primetime.tenancy.TenantTransactions;
import dev.primetime.trial.TrialRequests.AssignRequest;
import dev.primetime.trial.TrialRequests.CreateTrial;
import dev.primetime.trial.TrialRequests.VariantRequest;
import dev.primetime.trial.TrialRequests.WeeklySlot;
import dev.primetime.trial.TrialStatistics.Evaluation;
import dev.primetime.trial.TrialStatistics.Observed;
import dev.primetime.trial.TrialStore.StoredAssignment;
import dev.primetime.trial.TrialStore.TrialRow;
import dev.primetime.trial.TrialViews.AssignResponse;
import dev.primetime.trial.TrialViews.Assignment;
import dev.primetime.trial.TrialViews.TrialView;
import dev.primetime.web.ApiException;
import dev.primetime.web.ErrorCode;
import dev.primetime.web.FieldErrors;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.commons.math3.random.Well19937c;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;

/**
 * A/B trials of weekly posting slots. The posteriors are computed on read from the engagement of the assigned posts
 * (read through {@link EngagementHistory}); the first evaluation that finds a winner (on a read, or when new KPI
 * events arrive) records the conclusion. Input rules are in {@link TrialValidation}, SQL in {@link TrialStore}.
 */
@Service
class TrialService {
    /** What a trial's interactions sum, clicks included (unlike the recommendation model's interactions). */
    private static final List<KpiMetric> INTERACTIONS =
            List.of(KpiMetric.LIKES, KpiMetric.COMMENTS, KpiMetric.SHARES, KpiMetric.SAVES, KpiMetric.CLICKS);

    private final TenantTransactions transactions;
    private final TrialStore store;
    private final TrialValidation validation;
    private final EngagementHistory engagement;
    private final Clock clock;

    TrialService(
            TenantTransactions transactions,
            TrialStore store,
            TrialValidation validation,
            EngagementHistory engagement,
            Clock clock) {
        this.transactions = transactions;
        this.store = store;
        this.validation = validation;
        this.engagement = engagement;
        this.clock = clock;
    }

    TrialView create(Caller caller, CreateTrial request) {
        TrialValidation.NewTrial trial = validation.newTrial(request);
        UUID id = UUID.randomUUID();
        long seed = request.seed() != null ? request.seed() : id.getMostSignificantBits();
        Instant now = clock.instant();
        transactions.write(caller, jdbc -> {
            store.insert(jdbc, id, trial, seed, now);
            return null;
        });
        return get(caller, id.toString());
    }

    TrialView get(Caller caller, String id) {
        UUID trialId = TrialValidation.trialId(id);
        return transactions.write(caller, jdbc -> {
            TrialRow row = store.find(jdbc, trialId, false).orElseThrow(() -> ApiException.notFound("trial"));
            return view(caller, jdbc, concludeIfDecided(caller, jdbc, row));
        });
    }

    TrialView stop(Caller caller, String id) {
        UUID trialId = TrialValidation.trialId(id);
        return transactions.write(caller, jdbc -> {
            TrialRow row = store.find(jdbc, trialId, true).orElseThrow(() -> ApiException.notFound("trial"));
            if (!row.status().canMoveTo(TrialStatus.STOPPED)) {
                throw new ApiException(
                        ErrorCode.INVALID_STATE_TRANSITION, "the trial is " + row.status() + ", it cannot be stopped");
            }
            store.stop(jdbc, trialId, clock.instant());
            return view(caller, jdbc, store.find(jdbc, trialId, false).orElseThrow());
        });
    }

    AssignResponse assign(Caller caller, String id, AssignRequest request) {
        UUID trialId = TrialValidation.trialId(id);
        List<String> itemIds = request.itemIds() == null ? List.of() : request.itemIds();
        List<String> contentIds = request.contentIds() == null ? List.of() : request.contentIds();
        FieldErrors errors = validation.assignShape(itemIds, contentIds);
        // Read the trial first so another tenant's id is a 404, not a list of field errors.
        TrialRow trial = transactions
                .read(caller, jdbc -> store.find(jdbc, trialId, false))
                .orElseThrow(() -> ApiException.notFound("trial"));
        List<UUID> itemUuids = validation.postsToAssign(caller, trial, itemIds, contentIds, errors);
        return transactions.write(caller, jdbc -> {
            TrialRow row = store.find(jdbc, trialId, true).orElseThrow(() -> ApiException.notFound("trial"));
            row = concludeIfDecided(caller, jdbc, row);
            if (row.status() != TrialStatus.RUNNING) {
                throw new ApiException(
                        ErrorCode.INVALID_STATE_TRANSITION,
                        "the trial is " + row.status() + ", posts can no longer be assigned");
            }
            Placement placement = new Placement(row, store.assignments(jdbc, trialId), observations(caller, jdbc, row));
            Instant now = clock.instant();
            List<Assignment> out = new ArrayList<>();
            for (UUID itemId : itemUuids) {
                out.add(placement.place(jdbc, itemId, null, now));
            }
            for (String contentId : contentIds) {
                out.add(placement.place(jdbc, null, contentId, now));
            }
            return new AssignResponse(trialId, out);
        });
    }

    /** Places one request's posts into a trial's variants, one after the other. */
    private final class Placement {
        private final TrialRow row;
        private final Map<String, String> existing = new HashMap<>();
        private final List<String> labels;
        private final int[] assigned;
        private final List<Observed> observed;
        private final TrialStatistics.Rule rule;
        private final Well19937c random;
        private final Map<String, List<WeeklySlot>> slots = new LinkedHashMap<>();

        Placement(TrialRow row, List<StoredAssignment> stored, List<Observed> observed) {
            this.row = row;
            stored.forEach(a -> existing.put(a.key(), a.variant()));
            this.labels = row.variants().stream().map(VariantRequest::label).toList();
            this.assigned = new int[labels.size()];
            existing.values().forEach(v -> assigned[labels.indexOf(v)]++);
            this.observed = observed;
            this.rule =
                    new TrialStatistics.Rule(row.minPostsPerVariant(), row.minLift(), TrialStatistics.DEFAULT_DRAWS, 0);
            // Seeded by the trial and how many posts it already holds: the same requests give the same placements.
            this.random = new Well19937c(row.seed() * 31 + existing.size());
            row.variants().forEach(v -> slots.put(v.label(), v.weeklySlots()));
        }

        Assignment place(JdbcClient jdbc, UUID itemId, String contentId, Instant now) {
            String key = itemId != null ? "item:" + itemId : "content:" + contentId;
            String already = existing.get(key);
            if (already != null) {
                return new Assignment(itemId, contentId, already, slots.get(already), true);
            }
            int v = TrialAllocator.choose(row.allocation(), row.metric().isRate(), observed, assigned, rule, random);
            assigned[v]++;
            String label = labels.get(v);
            existing.put(key, label);
            store.assign(jdbc, row.id(), label, itemId, contentId, now);
            return new Assignment(itemId, contentId, label, slots.get(label), false);
        }
    }

    /** Re-evaluates every running trial of the tenant; called when new KPI events have been stored. */
    void refreshRunning(Caller caller) {
        transactions.write(caller, jdbc -> {
            for (UUID id : store.lockRunning(jdbc)) {
                store.find(jdbc, id, false).ifPresent(row -> concludeIfDecided(caller, jdbc, row));
            }
            return null;
        });
    }

    private TrialRow concludeIfDecided(Caller caller, JdbcClient jdbc, TrialRow row) {
        if (row.status() != TrialStatus.RUNNING) {
            return row;
        }
        Evaluation evaluation = evaluate(row, observations(caller, jdbc, row));
        if (evaluation.winner().isEmpty() || !row.status().canMoveTo(TrialStatus.CONCLUDED)) {
            return row;
        }
        store.conclude(
                jdbc,
                row.id(),
                evaluation.winner().get(),
                Map.of("variants", evaluation.variants(), "leading_lift_sd", evaluation.liftSd()),
                clock.instant());
        return store.find(jdbc, row.id(), false).orElseThrow();
    }

    private static Evaluation evaluate(TrialRow row, List<Observed> observed) {
        return TrialStatistics.evaluate(
                row.metric().isRate(),
                observed,
                new TrialStatistics.Rule(
                        row.minPostsPerVariant(), row.minLift(), TrialStatistics.DEFAULT_DRAWS, row.seed()));
    }

    private TrialView view(Caller caller, JdbcClient jdbc, TrialRow row) {
        Evaluation evaluation = evaluate(row, observations(caller, jdbc, row));
        return TrialViews.view(row, evaluation, store.assignedPerVariant(jdbc, row.id()));
    }

    /**
     * Per variant, what its assigned posts earned: the latest value of each metric per post counts. An assignment
     * is one post, a content id's posts together; engagement counts an item held by the trial on its own only there.
     */
    private List<Observed> observations(Caller caller, JdbcClient jdbc, TrialRow row) {
        Map<String, Observed> byLabel = new LinkedHashMap<>();
        row.variants().forEach(v -> byLabel.put(v.label(), Observed.none(v.label())));
        boolean rate = row.metric().isRate();
        List<StoredAssignment> assignments = store.assignments(jdbc, row.id());
        List<PostGroup> groups = assignments.stream()
                .map(a -> a.itemId() != null ? PostGroup.item(a.itemId()) : PostGroup.content(a.contentId()))
                .toList();
        // Joins this transaction: the trial's row lock and the engagement read see one snapshot.
        List<Map<KpiMetric, Double>> latest =
                engagement.latestPerGroup(caller, row.platform(), row.contentType(), groups);
        KpiMetric measuredMetric =
                rate ? null : KpiMetric.find(row.metric().id()).orElseThrow();
        for (int i = 0; i < assignments.size(); i++) {
            Map<KpiMetric, Double> metrics = latest.get(i);
            Observed o = byLabel.get(assignments.get(i).variant());
            if (metrics.isEmpty() || o == null) {
                continue;
            }
            if (rate) {
                double interactions = 0;
                for (KpiMetric m : INTERACTIONS) {
                    interactions += metrics.getOrDefault(m, 0.0);
                }
                double impressions = metrics.getOrDefault(KpiMetric.IMPRESSIONS, 0.0);
                double exposures = impressions > 0 ? impressions : metrics.getOrDefault(KpiMetric.VIEWS, 0.0);
                if (exposures > 0) {
                    byLabel.put(o.label(), o.plusRate(interactions, exposures));
                }
            } else {
                Double measured = metrics.get(measuredMetric);
                if (measured != null) {
                    byLabel.put(o.label(), o.plusCount(measured));
                }
            }
        }
        return new ArrayList<>(byLabel.values());
    }
}
