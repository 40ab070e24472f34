package dev.primetime.optimization;

import ai.timefold.solver.core.api.score.HardSoftScore;
import dev.primetime.calendar.ScheduleOptimizationAccess;
import dev.primetime.calendar.ScheduleOptimizationAccess.ItemMove;
import dev.primetime.calendar.ScheduleOptimizationAccess.RunEnd;
import dev.primetime.optimization.solver.GreedyBaseline;
import dev.primetime.optimization.solver.Post;
import dev.primetime.optimization.solver.ScheduleCheck;
import dev.primetime.optimization.solver.ScheduleConstraints;
import dev.primetime.optimization.solver.ScheduleSolver;
import dev.primetime.optimization.solver.TimeSlot;
import dev.primetime.optimization.solver.UpperBound;
import dev.primetime.platform.PlatformCatalog;
import dev.primetime.recommendation.EngagementForecast;
import dev.primetime.recommendation.EngagementModel;
import dev.primetime.tenancy.Caller;
import dev.primetime.tenancy.TenantTransactions;
import dev.primetime.web.ApiException;
import dev.primetime.web.ErrorCode;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;
import org.springframework.stereotype.Service;

/**
 * One optimization run: lock and mark the schedule optimizing (one transaction), solve outside any transaction,
 * then write the new times and return the schedule to where it was (a second transaction). A second run on the
 * same schedule finds it optimizing and gets 409.
 */
@Service
class OptimizationService {
    /** Subgradient work for the bound: about 2·10^8 slot evaluations, well under a second for 1,000 items. */
    private static final long BOUND_WORK = 200_000_000L;
    /** Solver time between two progress events, so a long run logs a handful, not thousands. */
    private static final long PROGRESS_EVERY_MS = 250;

    private final TenantTransactions transactions;
    private final ScheduleOptimizationAccess calendar;
    private final EngagementModel engagement;
    private final PlatformCatalog platforms;
    private final Clock clock;
    private final ScheduleSolver solver = new ScheduleSolver();

    OptimizationService(
            TenantTransactions transactions,
            ScheduleOptimizationAccess calendar,
            EngagementModel engagement,
            PlatformCatalog platforms,
            Clock clock) {
        this.transactions = transactions;
        this.calendar = calendar;
        this.engagement = engagement;
        this.platforms = platforms;
        this.clock = clock;
    }

    OptimizeResponse optimize(Caller caller, OptimizeRequest request) {
        RunSettings settings = RunSettings.of(request, platforms);
        UUID scheduleId = settings.scheduleId();
        Instant now = clock.instant();
        Map<String, EngagementForecast> forecastCache = new HashMap<>();
        record Prepared(ScheduleProblem problem, HardSoftScore before, long stopAt) {}
        Prepared prepared = transactions.write(
                caller,
                jdbc -> calendar.begin(jdbc, scheduleId, now, schedule -> {
                    ScheduleProblem problem = ScheduleProblem.build(
                            schedule,
                            settings,
                            now,
                            item -> forecastCache.computeIfAbsent(
                                    item.platform().id() + "/" + item.contentType(),
                                    k -> engagement.forecast(
                                            Optional.of(caller.tenantId()), item.platform(), item.contentType())));
                    if (!problem.conflicts.isEmpty()) {
                        throw infeasible(problem.conflicts);
                    }
                    HardSoftScore before = solver.score(problem.asItWas());
                    problem.startFromCurrentTimes();
                    GreedyBaseline.place(problem.solution);
                    long independent = UpperBound.of(problem.solution, problem.granularityMinutes, 0, 0)
                            .independent();
                    Map<String, Object> payload = new LinkedHashMap<>();
                    payload.put("movable_items", problem.before.size());
                    payload.put("time_limit_ms", settings.timeLimit().toMillis());
                    return new ScheduleOptimizationAccess.Started<>(
                            new Prepared(problem, before, independent), payload);
                }));
        ScheduleProblem problem = prepared.problem();
        long[] lastProgress = {-PROGRESS_EVERY_MS};
        long started = System.nanoTime(); // elapsed time for solve_ms, not a time of day
        ScheduleSolver.Result result;
        try {
            result = solver.solve(
                    problem.solution,
                    settings.timeLimit(),
                    settings.seed(),
                    prepared.stopAt(),
                    null,
                    progress -> {
                        if (progress.millisSpent() - lastProgress[0] >= PROGRESS_EVERY_MS) {
                            lastProgress[0] = progress.millisSpent();
                            transactions.write(caller, jdbc -> {
                                calendar.progress(
                                        jdbc,
                                        scheduleId,
                                        Map.of(
                                                "score", progress.score().toString(),
                                                "objective", objective(progress.score()),
                                                "millis_spent", progress.millisSpent()),
                                        clock.instant());
                                return null;
                            });
                        }
                    },
                    s -> {});
        } catch (RuntimeException e) {
            abandon(caller, scheduleId, "failed");
            throw e;
        }
        long solveMs = (System.nanoTime() - started) / 1_000_000;
        List<Post> posts = problem.solution.posts();
        List<Post> best = result.best().posts();
        List<ScheduleCheck.Violation> violations = ScheduleCheck.violations(best);
        if (!result.score().isFeasible()
                || !violations.isEmpty()
                || best.stream().anyMatch(p -> p.slot() == null)) {
            abandon(caller, scheduleId, "infeasible");
            throw infeasible(describe(violations));
        }
        long after = result.score().softScore();
        UpperBound.Bound bound = UpperBound.of(result.best(), problem.granularityMinutes, after, BOUND_WORK);
        List<ItemMove> moves = new ArrayList<>();
        List<OptimizeResponse.Move> moveViews = new ArrayList<>();
        for (Post p : best) {
            if (p.fixed()) {
                continue;
            }
            TimeSlot from = problem.before.get(p.id());
            if (from != null && from.start().equals(p.slot().start())) {
                continue;
            }
            var item = problem.items.get(p.id());
            moves.add(new ItemMove(item.id(), item.version(), p.slot().start()));
            EngagementForecast f = problem.forecasts.get(p.id());
            moveViews.add(new OptimizeResponse.Move(
                    item.id(),
                    from == null ? null : from.start().atZone(problem.zone).toOffsetDateTime(),
                    p.slot().start().atZone(problem.zone).toOffsetDateTime(),
                    from == null ? null : round(f.expectedAt(from.start(), problem.zone)),
                    round(f.expectedAt(p.slot().start(), problem.zone))));
        }
        Map<String, Object> payload = new LinkedHashMap<>();
        payload.put("objective_before", objective(prepared.before()));
        payload.put("objective_after", objective(result.score()));
        payload.put("upper_bound", scaled(bound.value()));
        payload.put("moves", moves.size());
        payload.put("solve_ms", solveMs);
        RunEnd end = transactions.write(
                caller,
                jdbc -> calendar.finish(
                        jdbc, scheduleId, moves.isEmpty() ? List.of() : moves, payload, clock.instant()));
        if (end == RunEnd.CANCELED) {
            throw ApiException.conflict("the schedule was canceled during the run; no item was moved");
        }
        if (end == RunEnd.STALE) {
            throw ApiException.conflict("items changed during the run; no item was moved, optimize again");
        }
        double beforeValue = objective(prepared.before());
        double afterValue = objective(result.score());
        double upper = scaled(bound.value());
        return new OptimizeResponse(
                scheduleId,
                "completed",
                new OptimizeResponse.Objective(
                        beforeValue,
                        afterValue,
                        beforeValue == 0 ? 0 : round((afterValue - beforeValue) / Math.abs(beforeValue) * 100)),
                upper,
                gapPct(bound.value(), after),
                solveMs,
                result.firstFeasibleMillis(),
                moveViews,
                List.of());
    }

    static double gapPct(long bound, long achieved) {
        if (bound <= 0) {
            return 0;
        }
        return Math.max(0, Math.round((bound - achieved) * 10_000.0 / bound) / 100.0);
    }

    private void abandon(Caller caller, UUID scheduleId, String reason) {
        transactions.write(
                caller,
                jdbc -> calendar.finish(jdbc, scheduleId, List.of(), Map.of("reason", reason), clock.instant()));
    }

    private static List<String> describe(List<ScheduleCheck.Violation> violations) {
        Map<String, Set<String>> byRule = new LinkedHashMap<>();
        for (ScheduleCheck.Violation v : violations) {
            byRule.computeIfAbsent(v.constraint(), k -> new LinkedHashSet<>()).addAll(v.itemIds());
        }
        List<String> lines = new ArrayList<>();
        byRule.forEach((rule, ids) -> lines.add(rule + ": items "
                + ids.stream().limit(10).collect(Collectors.joining(", "))
                + (ids.size() > 10 ? " and " + (ids.size() - 10) + " more" : "")));
        if (lines.isEmpty()) {
            lines.add("no placement satisfying every constraint was found within the time limit");
        }
        return lines;
    }

    private static ApiException infeasible(List<String> reasons) {
        return new ApiException(
                ErrorCode.VALIDATION_ERROR,
                "constraints: cannot all hold; " + String.join("; ", reasons.subList(0, Math.min(10, reasons.size())))
                        + (reasons.size() > 10 ? "; and " + (reasons.size() - 10) + " more" : ""));
    }

    private static double objective(HardSoftScore score) {
        return scaled(score.softScore());
    }

    private static double scaled(long units) {
        return round((double) units / ScheduleConstraints.SCALE);
    }

    private static double round(double value) {
        return Math.round(value * 10_000) / 10_000.0;
    }
}
