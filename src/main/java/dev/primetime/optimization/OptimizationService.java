package dev.primetime.optimization;

import ai.timefold.solver.core.api.score.HardSoftScore;
import ai.timefold.solver.core.api.solver.Solver;
import dev.primetime.calendar.ScheduleOptimizationAccess;
import dev.primetime.calendar.ScheduleOptimizationAccess.ItemMove;
import dev.primetime.calendar.ScheduleOptimizationAccess.RunEnd;
import dev.primetime.optimization.solver.Post;
import dev.primetime.optimization.solver.ScheduleCheck;
import dev.primetime.optimization.solver.ScheduleConstraints;
import dev.primetime.optimization.solver.ScheduleSolution;
import dev.primetime.optimization.solver.ScheduleSolver;
import dev.primetime.optimization.solver.TimeSlot;
import dev.primetime.optimization.solver.UpperBound;
import dev.primetime.platform.PlatformCatalog;
import dev.primetime.recommendation.EngagementForecast;
import dev.primetime.recommendation.EngagementModel;
import dev.primetime.tenancy.Caller;
import dev.primetime.tenancy.Callers;
import dev.primetime.tenancy.TenantTransactions;
import dev.primetime.web.ApiException;
import dev.primetime.web.ErrorCode;
import jakarta.annotation.PreDestroy;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
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
 * any instance.
 */
@Service
class OptimizationService {
    private static final Logger log = LoggerFactory.getLogger(OptimizationService.class);
    /** Solver time between two progress events, so a long run logs a handful, not thousands. */
    private static final long PROGRESS_EVERY_MS = 250;
    /** How long a DELETE waits for the run to stop and write. */
    private static final Duration CANCEL_WAIT = Duration.ofSeconds(20);
    /** How often this instance looks for cancels of its runs that arrived elsewhere. */
    private static final Duration WATCH_EVERY = Duration.ofMillis(200);

    /**
     * No run lasts this long (a time limit of at most 60 s, plus its start and its write; a queued asynchronous run
     * is kept fresh by its instance), so a schedule optimizing for longer was left by an instance that stopped.
     */
    static final Duration ABANDONED_AFTER = Duration.ofMinutes(5);

    private static final Duration SWEEP_EVERY = Duration.ofSeconds(30);

    private final TenantTransactions transactions;
    private final ScheduleOptimizationAccess calendar;
    private final EngagementModel engagement;
    private final PlatformCatalog platforms;
    private final OptimizationRuns runs;
    private final OptimizationProperties properties;
    private final JsonMapper json;
    private final Clock clock;
    private final ScheduleSolver solver = new ScheduleSolver();
    /** This instance's runs still solving, by run id. */
    private final Map<UUID, RunControl> local = new ConcurrentHashMap<>();

    /** This instance's runners and who solves next on them, fairly across tenants. */
    private final RunQueue queue;
    /** Upper bounds computed while their runs solve; a bound that finds no free thread is cut to its quickest form. */
    private final ExecutorService bounds;

    private final ScheduledExecutorService watch;

    OptimizationService(
            TenantTransactions transactions,
            ScheduleOptimizationAccess calendar,
            EngagementModel engagement,
            PlatformCatalog platforms,
            OptimizationRuns runs,
            OptimizationProperties properties,
            JsonMapper json,
            Clock clock) {
        this.transactions = transactions;
        this.calendar = calendar;
        this.engagement = engagement;
        this.platforms = platforms;
        this.runs = runs;
        this.properties = properties;
        this.json = json;
        this.clock = clock;
        AtomicInteger threads = new AtomicInteger();
        this.queue = new RunQueue(properties.runners(), properties.runsPerTenant(), properties.queuedPerTenant(), r -> {
            Thread t = new Thread(r, "optimization-run-" + threads.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        AtomicInteger boundThreads = new AtomicInteger();
        this.bounds =
                Executors.newFixedThreadPool(Math.max(2, Runtime.getRuntime().availableProcessors()), r -> {
                    Thread t = new Thread(r, "optimization-bound-" + boundThreads.incrementAndGet());
                    t.setDaemon(true);
                    return t;
                });
        this.watch = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "optimization-cancel-watch");
            t.setDaemon(true);
            return t;
        });
        watch.scheduleWithFixedDelay(
                this::watchCancels, WATCH_EVERY.toMillis(), WATCH_EVERY.toMillis(), TimeUnit.MILLISECONDS);
        watch.scheduleWithFixedDelay(
                () -> {
                    try {
                        recoverAbandonedRuns();
                    } catch (RuntimeException e) {
                        log.warn("could not look for abandoned optimization runs: {}", e.toString());
                    }
                },
                SWEEP_EVERY.toMillis(),
                SWEEP_EVERY.toMillis(),
                TimeUnit.MILLISECONDS);
    }

    /**
     * Keeps this instance's asynchronous runs (queued or solving) fresh, then puts every schedule that an instance
     * which stopped left optimizing back where it was, nothing moved, and fails its runs: otherwise it would stay
     * optimizing, refusing every new run with 409, forever. A cancel that came during such a run is finished.
     *
     * @return how many schedules it put back
     */
    int recoverAbandonedRuns() {
        Instant now = clock.instant();
        for (RunControl control : local.values()) {
            if (control.caller != null) {
                transactions.write(control.caller, jdbc -> {
                    runs.keepAlive(jdbc, control.runId, now);
                    return null;
                });
            }
        }
        Instant since = now.minus(ABANDONED_AFTER);
        int recovered = 0;
        for (ScheduleOptimizationAccess.AbandonedRun abandoned : calendar.abandonedRuns(since, 100)) {
            boolean done = transactions.write(Callers.worker(abandoned.tenantId()), jdbc -> {
                Optional<RunEnd> end = calendar.recoverAbandoned(jdbc, abandoned.scheduleId(), since, now);
                if (end.isEmpty()) {
                    return false;
                }
                // the run ends as a live one would have: canceled when the schedule's cancel was finished
                boolean canceled = end.get() == RunEnd.CANCELED;
                runs.endRunning(
                        jdbc,
                        abandoned.scheduleId(),
                        canceled ? RunStatus.CANCELED : RunStatus.FAILED,
                        json.writeValueAsString(errorJson(canceled ? canceledDuringRun() : unavailable())),
                        now);
                return true;
            });
            if (done) {
                recovered++;
                log.warn(
                        "schedule {} was left optimizing (or canceling) by a stopped instance; put back (or canceled)",
                        abandoned.scheduleId());
            }
        }
        return recovered;
    }

    /**
     * A run as this instance steers it: the solver once it has started, and a cancel ({@code true}: write the best
     * so far) from a DELETE here, the run's row (DELETE elsewhere) or shutdown.
     */
    private static final class RunControl {
        final UUID runId;
        final Caller caller;
        final CompletableFuture<Void> done = new CompletableFuture<>();
        volatile Solver<ScheduleSolution> solver;
        volatile Boolean cancel;
        volatile boolean shutdown;

        RunControl(UUID runId, Caller caller) {
            this.runId = runId;
            this.caller = caller;
        }

        void cancel(boolean applyPartial) {
            if (cancel == null) {
                cancel = applyPartial;
            }
            stop();
        }

        void shutdown() {
            shutdown = true;
            cancel(false);
        }

        void stop() {
            Solver<ScheduleSolution> running = solver;
            if (running != null) {
                running.terminateEarly();
            }
        }
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
                outcome = solveAndWrite(caller, settings, prepared, new RunControl(null, null));
            } finally {
                queue.release(prepared.place());
            }
            if (outcome.error() != null) {
                throw outcome.error();
            }
            return new Answer.Finished(outcome.body());
        }
        UUID runId = UUID.randomUUID();
        Prepared prepared = begin(caller, settings, runId);
        RunControl control = new RunControl(runId, caller);
        local.put(runId, control);
        try {
            queue.submit(prepared.place(), () -> runInBackground(caller, settings, prepared, control));
        } catch (RuntimeException e) {
            queue.release(prepared.place());
            local.remove(runId);
            writeOutcome(caller, settings, prepared, control, Outcome.failed(RunStatus.FAILED, unavailable()), null);
            throw unavailable();
        }
        return new Answer.Accepted(run(caller, runId.toString()), choice.preferenceApplied());
    }

    RunView run(Caller caller, String runId) {
        UUID id = runId(runId);
        return transactions.read(
                caller, jdbc -> view(runs.find(jdbc, id, false).orElseThrow(OptimizationService::runNotFound)));
    }

    /**
     * Stops a running run. With {@code applyPartial} the best schedule found so far is written (when it breaks no
     * constraint); without, nothing is written and the schedule goes back to where it was. Waits for the run to end
     * (the solver stops within a step), so the answer shows the run's final state.
     */
    RunView cancel(Caller caller, String runId, boolean applyPartial) {
        UUID id = runId(runId);
        RunRow row = transactions.write(caller, jdbc -> {
            RunRow found = runs.find(jdbc, id, true).orElseThrow(OptimizationService::runNotFound);
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
            RunControl control = local.get(id);
            if (control != null) {
                control.cancel(applyPartial);
                try {
                    control.done.get(CANCEL_WAIT.toMillis(), TimeUnit.MILLISECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                } catch (ExecutionException | TimeoutException e) {
                    // answer with the state as it is; the run ends on its own
                }
            } else {
                awaitEnd(caller, id); // solved by another instance, which sees the request in the row
            }
        }
        return run(caller, runId);
    }

    private void awaitEnd(Caller caller, UUID id) {
        long deadline = System.nanoTime() + CANCEL_WAIT.toNanos(); // a wait, not a time of day
        while (System.nanoTime() < deadline) {
            RunRow row = transactions
                    .read(caller, jdbc -> runs.find(jdbc, id, false))
                    .orElseThrow(OptimizationService::runNotFound);
            if (row.status() != RunStatus.RUNNING) {
                return;
            }
            try {
                Thread.sleep(WATCH_EVERY.toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    private void runInBackground(Caller caller, RunSettings settings, Prepared prepared, RunControl control) {
        try {
            solveAndWrite(caller, settings, prepared, control);
        } catch (RuntimeException e) {
            log.error("optimization run {} failed", control.runId, e);
        } finally {
            local.remove(control.runId);
            control.done.complete(null);
        }
    }

    /** Polls the rows of this instance's runs for a cancel that another instance received, and repeats stops. */
    private void watchCancels() {
        for (RunControl control : local.values()) {
            try {
                if (control.cancel == null && control.caller != null) {
                    transactions
                            .read(control.caller, jdbc -> runs.find(jdbc, control.runId, false))
                            .filter(row -> row.cancelRequestedAt() != null)
                            .ifPresent(row -> control.cancel(Boolean.TRUE.equals(row.applyPartial())));
                } else if (control.cancel != null) {
                    control.stop(); // a stop asked before the solver started is reset by solve(): ask again
                }
            } catch (RuntimeException e) {
                log.warn("could not check optimization run {} for a cancel", control.runId, e);
            }
        }
    }

    /** On shutdown: stop every run, write nothing, and give them a moment to put their schedules back. */
    @PreDestroy
    void stopRuns() {
        watch.shutdownNow();
        bounds.shutdownNow();
        local.values().forEach(RunControl::shutdown);
        queue.shutdown(); // queued runs still start, see the shutdown and end at once (solveAndWrite)
        long deadline = System.nanoTime() + CANCEL_WAIT.toNanos();
        try {
            // a stop asked before a solver started is reset by solve(), and the watch that repeats it is gone
            while (!queue.awaitTermination(100) && System.nanoTime() < deadline) {
                local.values().forEach(RunControl::stop);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** @param place the run's place in this instance's {@link RunQueue}, taken before anything was written */
    private record Prepared(ScheduleProblem problem, HardSoftScore before, long stopAt, RunQueue.Ticket place) {}

    /**
     * Locks the schedule, takes the run's place in the queue (429 when the tenant has none left), builds the problem
     * (422 when it cannot hold), marks it optimizing, records the run. A schedule that is not there or already
     * optimizing answers 404 or 409 before the tenant's places are counted.
     */
    private Prepared begin(Caller caller, RunSettings settings, UUID runId) {
        UUID scheduleId = settings.scheduleId();
        Instant now = clock.instant();
        Map<String, EngagementForecast> forecastCache = new HashMap<>();
        RunQueue.Ticket[] place = {null};
        try {
            return begin(caller, settings, runId, scheduleId, now, forecastCache, place);
        } catch (RuntimeException e) {
            if (place[0] != null) {
                queue.release(place[0]);
            }
            throw e;
        }
    }

    private Prepared begin(
            Caller caller,
            RunSettings settings,
            UUID runId,
            UUID scheduleId,
            Instant now,
            Map<String, EngagementForecast> forecastCache,
            RunQueue.Ticket[] place) {
        return transactions.write(caller, jdbc -> {
            Prepared prepared = calendar.begin(jdbc, scheduleId, now, schedule -> {
                place[0] = queue.admit(caller.tenantId(), runId != null, settings.timeLimit());
                // slot scores in each platform's audience zone, for the objective asked (issue 18)
                EngagementModel.ScheduleForecasts forecasts =
                        engagement.forSchedule(caller, schedule.zone(), settings.objective());
                ScheduleProblem problem = ScheduleProblem.build(
                        schedule,
                        settings,
                        now,
                        item -> forecastCache.computeIfAbsent(
                                item.platform().id() + "/" + item.contentType(),
                                k -> forecasts.forecast(item.platform(), item.contentType())));
                if (!problem.conflicts.isEmpty()) {
                    throw infeasible(problem.conflicts);
                }
                // by a sweep, not the constraint streams: current times stacked on one minute make every pair of
                // posts a fatigue pair, millions at a few thousand items, in this transaction
                HardSoftScore before = HardSoftScore.ofSoft(
                        ScheduleSolver.objective(problem.asItWas().posts()));
                problem.startFromCurrentTimes();
                long independent = UpperBound.independent(problem.solution);
                Map<String, Object> payload = new LinkedHashMap<>();
                payload.put("movable_items", problem.before.size());
                payload.put("time_limit_ms", settings.timeLimit().toMillis());
                if (runId != null) {
                    payload.put("run_id", runId.toString());
                }
                return new ScheduleOptimizationAccess.Started<>(
                        new Prepared(problem, before, independent, place[0]), payload);
            });
            if (runId != null) {
                runs.insert(
                        jdbc, runId, scheduleId, settings.timeLimit().toMillis(), objective(prepared.before()), now);
            }
            return prepared;
        });
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
        if (control.cancel != null) {
            // canceled, or the instance is stopping, before a runner took it: nothing to solve
            return writeOutcome(
                    caller, settings, prepared, control, new Outcome(RunStatus.CANCELED, null, null, Map.of()), null);
        }
        UUID scheduleId = settings.scheduleId();
        ScheduleProblem problem = prepared.problem();
        long[] lastProgress = {-PROGRESS_EVERY_MS};
        ScheduleSolver.Run result;
        try {
            // outside the transactions: the start, the search and the bound alongside count against the time limit
            result = solver.optimize(
                    problem.solution,
                    problem.granularityMinutes,
                    settings.timeLimit(),
                    settings.seed(),
                    prepared.stopAt(),
                    bounds,
                    progress -> {
                        if (control.cancel != null) {
                            control.stop();
                        }
                        if (progress.millisSpent() - lastProgress[0] >= PROGRESS_EVERY_MS) {
                            lastProgress[0] = progress.millisSpent();
                            progress(caller, scheduleId, control.runId, progress);
                        }
                    },
                    s -> control.solver = s);
        } catch (RuntimeException e) {
            log.error("optimization of schedule {} failed", scheduleId, e);
            writeOutcome(caller, settings, prepared, control, Outcome.failed(RunStatus.FAILED, internal()), null);
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
            RunStatus status = control.cancel != null ? RunStatus.CANCELED : RunStatus.FAILED;
            return writeOutcome(
                    caller,
                    settings,
                    prepared,
                    control,
                    Outcome.failed(status, notFoundInTime(settings, describe(violations))),
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
        return transactions.write(caller, jdbc -> {
            Instant now = clock.instant();
            RunRow row = control.runId == null
                    ? null
                    : runs.find(jdbc, control.runId, true).orElse(null);
            Boolean cancel = control.cancel;
            if (row != null && row.cancelRequestedAt() != null) {
                cancel = Boolean.TRUE.equals(row.applyPartial());
            }
            Outcome outcome = planned;
            List<ItemMove> moves = plannedMoves == null ? List.of() : plannedMoves;
            Map<String, Object> payload = new LinkedHashMap<>(planned.payload());
            if (control.shutdown) {
                outcome = Outcome.failed(RunStatus.FAILED, unavailable());
                moves = List.of();
                payload = new LinkedHashMap<>(Map.of("reason", "shutdown"));
            } else if (Boolean.FALSE.equals(cancel)) {
                outcome = new Outcome(RunStatus.CANCELED, null, null, Map.of());
                moves = List.of();
                payload = new LinkedHashMap<>(Map.of("reason", "canceled"));
            } else if (Boolean.TRUE.equals(cancel) && planned.body() != null) {
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
                outcome = Outcome.failed(RunStatus.CANCELED, canceledDuringRun());
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
                        outcome.error() == null ? null : json.writeValueAsString(errorJson(outcome.error())),
                        now);
            }
            return outcome;
        });
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

    private RunView view(RunRow row) {
        return new RunView(
                row.id(),
                row.scheduleId(),
                row.status(),
                row.timeLimitMs(),
                row.objectiveBefore(),
                row.bestObjective(),
                row.bestScore(),
                row.applyPartial(),
                utc(row.startedAt()),
                utc(row.cancelRequestedAt()),
                utc(row.finishedAt()),
                row.result() == null ? null : json.readTree(row.result()),
                row.error() == null ? null : json.readTree(row.error()));
    }

    private static Map<String, String> errorJson(ApiException error) {
        Map<String, String> body = new LinkedHashMap<>();
        body.put("error_code", error.code().code());
        body.put("error_message", error.getMessage());
        body.put("error_class", error.code().errorClass());
        return body;
    }

    private static OffsetDateTime utc(Instant instant) {
        return instant == null ? null : instant.atOffset(ZoneOffset.UTC);
    }

    private static UUID runId(String value) {
        try {
            return UUID.fromString(value);
        } catch (IllegalArgumentException e) {
            throw runNotFound();
        }
    }

    private static ApiException runNotFound() {
        return ApiException.notFound("optimization run");
    }

    private static ApiException unavailable() {
        return new ApiException(
                ErrorCode.SERVICE_UNAVAILABLE, "the service stopped during the run; no item was moved, optimize again");
    }

    private static ApiException canceledDuringRun() {
        return ApiException.conflict("the schedule was canceled during the run; no item was moved");
    }

    private static ApiException internal() {
        return new ApiException(ErrorCode.INTERNAL_ERROR, "the solver failed; no item was moved");
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

    /**
     * The search ended without a plan that keeps every rule. Nothing proved that none exists (the proofs are checked
     * before the run: {@link ScheduleProblem#conflicts}), so this is not the 422 of constraints that cannot hold:
     * it names what the best plan found still breaks and advises a longer run.
     */
    static ApiException notFoundInTime(RunSettings settings, List<String> stillBroken) {
        return new ApiException(
                ErrorCode.NO_FEASIBLE_PLAN_FOUND,
                "no plan keeping every constraint was found within time_limit_ms "
                        + settings.timeLimit().toMillis()
                        + " (this is not a proof that none exists; nothing was moved); the best plan found still"
                        + " breaks: " + String.join("; ", stillBroken.subList(0, Math.min(10, stillBroken.size())))
                        + (stillBroken.size() > 10 ? "; and " + (stillBroken.size() - 10) + " more" : "")
                        + ". Raise time_limit_ms (up to 60000) and optimize again");
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
