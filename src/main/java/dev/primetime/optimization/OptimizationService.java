package dev.primetime.optimization;

import ai.timefold.solver.core.api.score.HardSoftScore;
import dev.primetime.calendar.ScheduleNotOptimizable;
import dev.primetime.calendar.ScheduleOptimizationAccess;
import dev.primetime.calendar.ScheduleOptimizationAccess.ItemMove;
import dev.primetime.calendar.ScheduleOptimizationAccess.PlannedSchedule;
import dev.primetime.calendar.ScheduleOptimizationAccess.RunEnd;
import dev.primetime.optimization.OptimizationRequests.OptimizeRequest;
import dev.primetime.optimization.OptimizationViews.OptimizeResponse;
import dev.primetime.optimization.OptimizationViews.RunView;
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
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Service;
import tools.jackson.databind.json.JsonMapper;

/**
 * One optimization run: lock and mark the schedule optimizing (one transaction), solve outside any transaction,
 * then write the new times and return the schedule to where it was (a second transaction). A second run on the
 * same schedule finds it optimizing and gets 409. A run answered with 202 solves on one of this instance's runners
 * and keeps its state in {@code optimization_runs}; a cancel is written there first, so it reaches the run from
 * any instance. The runners, cancels, recovery of abandoned runs and shutdown are {@link RunSupervisor}'s.
 *
 * <p>About 500 lines because a run's three steps (begin, solve, write the outcome) share the prepared problem and
 * the run's control; its errors are {@link RunErrors}', its resource view {@link RunView}'s.
 */
@Service
class OptimizationService {
    private static final Logger log = LoggerFactory.getLogger(OptimizationService.class);
    /** Solver time between two progress events, so a long run logs a handful, not thousands. */
    private static final long PROGRESS_EVERY_MS = 250;

    private final TenantTransactions transactions;
    private final ScheduleOptimizationAccess calendar;
    private final EngagementModel engagement;
    private final PlatformCatalog platforms;
    private final OptimizationRunStore runs;
    private final RunSupervisor supervisor;
    private final OptimizationProperties properties;
    private final JsonMapper json;
    private final Clock clock;
    private final ScheduleSolver solver = new ScheduleSolver();

    OptimizationService(
            TenantTransactions transactions,
            ScheduleOptimizationAccess calendar,
            EngagementModel engagement,
            PlatformCatalog platforms,
            OptimizationRunStore runs,
            RunSupervisor supervisor,
            OptimizationProperties properties,
            JsonMapper json,
            Clock clock) {
        this.transactions = transactions;
        this.calendar = calendar;
        this.engagement = engagement;
        this.platforms = platforms;
        this.runs = runs;
        this.supervisor = supervisor;
        this.properties = properties;
        this.json = json;
        this.clock = clock;
    }

    /** What {@code POST /optimize} answers: the finished run (200) or the run resource of one still solving (202). */
    sealed interface Answer {
        record Finished(OptimizeResponse body) implements Answer {}

        record Accepted(RunView run, boolean preferenceApplied) implements Answer {}
    }

    /**
     * Solves in the request's thread and answers 200, or, when the caller asked for it ({@code "async": true},
     * {@code Prefer: respond-async}, or a {@code Prefer: wait} shorter than the time limit) or the time limit is longer
     * than the configured patience, starts the run on a runner and answers 202. Everything that can be refused
     * (validation, 404, 409, constraints that cannot hold) is refused before either answer, with nothing written.
     */
    Answer optimize(Caller caller, OptimizeRequest request, String prefer) {
        RunSettings settings = RunSettings.of(request, platforms);
        AsyncChoice choice = AsyncChoice.of(request.async(), prefer, settings.timeLimit(), properties.patience());
        if (!choice.async()) {
            Prepared prepared = begin(caller, settings, null);
            Outcome outcome;
            try {
                outcome = solveAndWrite(caller, settings, prepared, RunControl.synchronous());
            } finally {
                supervisor.release(prepared.place());
            }
            if (outcome.error() != null) {
                throw outcome.error();
            }
            return new Answer.Finished(outcome.body());
        }
        UUID runId = UUID.randomUUID();
        Prepared prepared = begin(caller, settings, runId);
        RunControl control = new RunControl(runId, caller);
        try {
            supervisor.submit(prepared.place(), control, () -> solveAndWrite(caller, settings, prepared, control));
        } catch (RuntimeException e) {
            writeOutcome(
                    caller,
                    settings,
                    prepared,
                    control,
                    Outcome.failed(RunStatus.FAILED, RunErrors.unavailable()),
                    null);
            throw RunErrors.unavailable();
        }
        return new Answer.Accepted(run(caller, runId.toString()), choice.preferenceApplied());
    }

    RunView run(Caller caller, String runId) {
        UUID id = runId(runId);
        return transactions.read(
                caller, jdbc -> RunView.of(runs.find(jdbc, id, false).orElseThrow(RunErrors::runNotFound), json));
    }

    /**
     * Stops a running run. With {@code applyPartial} the best schedule found so far is written (when it breaks no
     * constraint); without, nothing is written and the schedule goes back to where it was. Waits for the run to end
     * (the solver stops within a step), so the answer shows the run's final state.
     */
    RunView cancel(Caller caller, String runId, boolean applyPartial) {
        UUID id = runId(runId);
        RunRow row = transactions.write(caller, jdbc -> {
            RunRow found = runs.find(jdbc, id, true).orElseThrow(RunErrors::runNotFound);
            if (found.status() == RunStatus.RUNNING) {
                runs.requestCancel(jdbc, id, applyPartial, clock.instant());
            } else if (found.status() != RunStatus.CANCELED) {
                throw new ApiException(
                        ErrorCode.INVALID_STATE_TRANSITION,
                        "the run is " + found.status() + "; only a running run can be canceled");
            }
            return found;
        });
        if (row.status() == RunStatus.RUNNING) {
            supervisor.cancelAndAwait(caller, id, applyPartial);
        }
        return run(caller, runId);
    }

    /** @param place the run's place in this instance's {@link RunQueue}, taken before anything was written */
    private record Prepared(ScheduleProblem problem, HardSoftScore before, long stopAt, RunQueue.Ticket place) {}

    /**
     * Locks the schedule, takes the run's place in the queue (429 when the tenant has none left), builds the problem
     * (422 when it cannot hold), marks it optimizing, records the run. A schedule that is not there or already
     * optimizing answers 404 or 409 before the tenant's places are counted. A place taken is given back when anything
     * after it fails, the commit included.
     */
    private Prepared begin(Caller caller, RunSettings settings, UUID runId) {
        UUID scheduleId = settings.scheduleId();
        Instant now = clock.instant();
        // the place is taken inside the transaction, once the schedule is locked, and released outside it on failure
        AtomicReference<RunQueue.Ticket> place = new AtomicReference<>();
        try {
            return transactions.write(caller, jdbc -> {
                Prepared prepared = calendar.begin(jdbc, scheduleId, now, schedule -> {
                    place.set(supervisor.admit(caller.tenantId(), runId != null, settings.timeLimit()));
                    return prepare(caller, settings, runId, schedule, now, place.get());
                });
                if (runId != null) {
                    runs.insert(
                            jdbc,
                            runId,
                            scheduleId,
                            settings.timeLimit().toMillis(),
                            objective(prepared.before()),
                            now);
                }
                return prepared;
            });
        } catch (RuntimeException e) {
            if (place.get() != null) {
                supervisor.release(place.get());
            }
            if (e instanceof ScheduleNotOptimizable refusal) {
                throw RunErrors.refused(refusal);
            }
            throw e;
        }
    }

    /** The problem of a locked schedule, and the payload of its started event; 422 when its constraints cannot hold. */
    private ScheduleOptimizationAccess.Started<Prepared> prepare(
            Caller caller,
            RunSettings settings,
            UUID runId,
            PlannedSchedule schedule,
            Instant now,
            RunQueue.Ticket place) {
        // slot scores in each platform's audience zone, for the objective asked (issue 18)
        EngagementModel.ScheduleForecasts forecasts =
                engagement.forSchedule(caller, schedule.zone(), settings.objective());
        Map<String, EngagementForecast> forecastCache = new HashMap<>();
        ScheduleProblem problem = ScheduleProblem.build(
                schedule,
                settings,
                now,
                item -> forecastCache.computeIfAbsent(
                        item.platform().id() + "/" + item.contentType(),
                        k -> forecasts.forecast(item.platform(), item.contentType())));
        if (!problem.conflicts.isEmpty()) {
            throw RunErrors.infeasible(problem.conflicts);
        }
        // by a sweep, not the constraint streams: current times stacked on one minute make every pair of
        // posts a fatigue pair, millions at a few thousand items, in this transaction
        HardSoftScore before =
                HardSoftScore.ofSoft(ScheduleSolver.objective(problem.asItWas().posts()));
        problem.startFromCurrentTimes();
        long independent = UpperBound.independent(problem.solution);
        Map<String, Object> payload = new LinkedHashMap<>();
        payload.put("movable_items", problem.before.size());
        payload.put("time_limit_ms", settings.timeLimit().toMillis());
        if (runId != null) {
            payload.put("run_id", runId.toString());
        }
        return new ScheduleOptimizationAccess.Started<>(new Prepared(problem, before, independent, place), payload);
    }

    /** Lets a progress event through once every {@link #PROGRESS_EVERY_MS} of solver time. */
    private static final class ProgressThrottle {
        private long last = -PROGRESS_EVERY_MS;

        boolean due(long millisSpent) {
            if (millisSpent - last < PROGRESS_EVERY_MS) {
                return false;
            }
            last = millisSpent;
            return true;
        }
    }

    /**
     * How a run ended: the 200 body, or the error a synchronous caller gets; and for a run resource its final status.
     */
    private record Outcome(RunStatus status, OptimizeResponse body, ApiException error, Map<String, Object> payload) {
        static Outcome failed(RunStatus status, ApiException error) {
            return new Outcome(status, null, error, Map.of());
        }
    }

    private Outcome solveAndWrite(Caller caller, RunSettings settings, Prepared prepared, RunControl control) {
        if (control.cancelRequested()) {
            // canceled, or the instance is stopping, before a runner took it: nothing to solve
            return writeOutcome(
                    caller, settings, prepared, control, new Outcome(RunStatus.CANCELED, null, null, Map.of()), null);
        }
        UUID scheduleId = settings.scheduleId();
        ScheduleProblem problem = prepared.problem();
        ProgressThrottle throttle = new ProgressThrottle();
        ScheduleSolver.Run result;
        try {
            // outside the transactions: the start, the search and the bound alongside count against the time limit
            result = solver.optimize(
                    problem.solution,
                    problem.granularityMinutes,
                    settings.timeLimit(),
                    settings.seed(),
                    prepared.stopAt(),
                    supervisor.bounds(),
                    progress -> {
                        if (control.cancelRequested()) {
                            control.stop();
                        }
                        if (throttle.due(progress.millisSpent())) {
                            progress(caller, scheduleId, control.runId, progress);
                        }
                    },
                    control::solving);
        } catch (RuntimeException e) {
            log.error("optimization of schedule {} failed", scheduleId, e);
            writeOutcome(
                    caller, settings, prepared, control, Outcome.failed(RunStatus.FAILED, RunErrors.internal()), null);
            throw e;
        }
        UpperBound.Bound bound = result.bound();
        long solveMs = result.millis();
        long firstFeasibleMs = result.firstFeasibleMillis();
        List<Post> best = result.best().posts();
        List<ScheduleCheck.Violation> violations = ScheduleCheck.violations(best);
        if (!result.score().isFeasible()
                || !violations.isEmpty()
                || best.stream().anyMatch(p -> p.slot() == null)) {
            RunStatus status = control.cancelRequested() ? RunStatus.CANCELED : RunStatus.FAILED;
            return writeOutcome(
                    caller,
                    settings,
                    prepared,
                    control,
                    Outcome.failed(status, RunErrors.notFoundInTime(settings, describe(violations))),
                    null);
        }
        long after = result.score().softScore();
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
                    from == null ? null : round(f.expectedAt(from.start())),
                    round(f.expectedAt(p.slot().start()))));
        }
        double beforeValue = objective(prepared.before());
        double afterValue = objective(result.score());
        OptimizeResponse body = new OptimizeResponse(
                scheduleId,
                "completed",
                new OptimizeResponse.Objective(
                        beforeValue,
                        afterValue,
                        beforeValue == 0 ? 0 : round((afterValue - beforeValue) / Math.abs(beforeValue) * 100)),
                scaled(bound.value()),
                gapPct(bound.value(), after),
                solveMs,
                firstFeasibleMs,
                moveViews,
                List.of());
        Map<String, Object> payload = new LinkedHashMap<>();
        payload.put("objective_before", beforeValue);
        payload.put("objective_after", afterValue);
        payload.put("upper_bound", scaled(bound.value()));
        payload.put("moves", moves.size());
        payload.put("solve_ms", solveMs);
        return writeOutcome(
                caller, settings, prepared, control, new Outcome(RunStatus.COMPLETED, body, null, payload), moves);
    }

    /**
     * The run's last transaction: the calendar writes the moves (or nothing) and returns the schedule to where it
     * was; the run's row, locked first, says whether a cancel asked to write nothing, and records how the run ended.
     */
    private Outcome writeOutcome(
            Caller caller,
            RunSettings settings,
            Prepared prepared,
            RunControl control,
            Outcome planned,
            List<ItemMove> plannedMoves) {
        UUID scheduleId = settings.scheduleId();
        try {
            return transactions.write(caller, jdbc -> {
                Instant now = clock.instant();
                RunRow row = control.runId == null
                        ? null
                        : runs.find(jdbc, control.runId, true).orElse(null);
                // a cancel recorded in the row (a DELETE here or elsewhere) decides; else this instance's own
                // (shutdown)
                RunControl.Cancel cancel = control.cancel();
                if (row != null && row.cancelRequestedAt() != null) {
                    cancel = RunControl.Cancel.of(Boolean.TRUE.equals(row.applyPartial()));
                }
                Outcome outcome = planned;
                List<ItemMove> moves = plannedMoves == null ? List.of() : plannedMoves;
                Map<String, Object> payload = new LinkedHashMap<>(planned.payload());
                if (control.shuttingDown()) {
                    outcome = Outcome.failed(RunStatus.FAILED, RunErrors.unavailable());
                    moves = List.of();
                    payload = new LinkedHashMap<>(Map.of("reason", "shutdown"));
                } else if (cancel == RunControl.Cancel.DISCARD) {
                    outcome = new Outcome(RunStatus.CANCELED, null, null, Map.of());
                    moves = List.of();
                    payload = new LinkedHashMap<>(Map.of("reason", "canceled"));
                } else if (cancel == RunControl.Cancel.APPLY_PARTIAL && planned.body() != null) {
                    outcome = new Outcome(RunStatus.CANCELED, planned.body().withStatus("partial"), null, Map.of());
                    payload.put("partial", true);
                } else if (planned.error() != null) {
                    payload.put("reason", planned.status() == RunStatus.FAILED ? "infeasible" : "canceled");
                }
                if (control.runId != null) {
                    payload.put("run_id", control.runId.toString());
                }
                Map<UUID, Optional<Instant>> plannedTimes = new HashMap<>();
                if (prepared != null) {
                    prepared.problem()
                            .items
                            .values()
                            .forEach(i -> plannedTimes.put(i.id(), Optional.ofNullable(i.scheduledTime())));
                }
                // a run that waited for a free runner may end after some of its first slots: it writes nothing then,
                // rather than move an item into the past (where it would go out late at once)
                if (moves.stream().anyMatch(m -> !m.to().isAfter(now))) {
                    outcome = Outcome.failed(
                            RunStatus.FAILED,
                            ApiException.conflict("some of the run's slots had passed when it ended (it waited for a"
                                    + " free runner); no item was moved, optimize again"));
                    moves = List.of();
                    payload.put("reason", "slots passed");
                }
                RunEnd end = calendar.finish(jdbc, scheduleId, moves, plannedTimes, payload, now);
                if (end == RunEnd.CANCELED) {
                    outcome = Outcome.failed(RunStatus.CANCELED, RunErrors.canceledDuringRun());
                } else if (end == RunEnd.STALE) {
                    outcome = Outcome.failed(
                            RunStatus.FAILED,
                            ApiException.conflict("items changed during the run; no item was moved, optimize again"));
                }
                if (row != null && row.status() == RunStatus.RUNNING) {
                    runs.finish(
                            jdbc,
                            row,
                            outcome.status(),
                            outcome.body() == null ? null : json.writeValueAsString(outcome.body()),
                            outcome.error() == null
                                    ? null
                                    : json.writeValueAsString(RunErrors.errorJson(outcome.error())),
                            now);
                }
                return outcome;
            });
        } catch (ScheduleNotOptimizable refusal) {
            throw RunErrors.refused(refusal); // the schedule went away during the run
        }
    }

    private void progress(Caller caller, UUID scheduleId, UUID runId, ScheduleSolver.Progress progress) {
        transactions.write(caller, jdbc -> {
            Instant now = clock.instant();
            Map<String, Object> payload = new LinkedHashMap<>();
            payload.put("score", progress.score().toString());
            payload.put("objective", objective(progress.score()));
            payload.put("millis_spent", progress.millisSpent());
            if (runId != null) {
                payload.put("run_id", runId.toString());
                if (progress.score().isFeasible()) {
                    runs.progress(jdbc, runId, progress.score().toString(), objective(progress.score()), now);
                }
            }
            calendar.progress(jdbc, scheduleId, payload, now);
            return null;
        });
    }

    private static UUID runId(String value) {
        try {
            return UUID.fromString(value);
        } catch (IllegalArgumentException e) {
            throw RunErrors.runNotFound();
        }
    }

    static double gapPct(long bound, long achieved) {
        if (bound <= 0) {
            return 0;
        }
        return Math.max(0, Math.round((bound - achieved) * 10_000.0 / bound) / 100.0);
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
            lines.add("items without a slot");
        }
        return lines;
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
