package dev.primetime.optimization;

import dev.primetime.calendar.ScheduleOptimizationAccess;
import dev.primetime.calendar.ScheduleOptimizationAccess.RunEnd;
import dev.primetime.tenancy.Caller;
import dev.primetime.tenancy.Callers;
import dev.primetime.tenancy.TenantTransactions;
import jakarta.annotation.PreDestroy;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;
import tools.jackson.databind.json.JsonMapper;

/**
 * This instance's share of the runs: the threads they solve on ({@link RunQueue}'s runners, the upper bounds'
 * pool, the watch), the runs it holds, their cancellation (from a DELETE here, or one received elsewhere and seen in
 * the run's row), the sweep that puts back schedules an instance that stopped left optimizing, and shutdown. What
 * a run does is {@link OptimizationService}'s.
 */
@Component
class RunSupervisor {
    private static final Logger log = LoggerFactory.getLogger(RunSupervisor.class);
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
    private static final int SWEEP_AT_MOST = 100;

    private final TenantTransactions transactions;
    private final ScheduleOptimizationAccess calendar;
    private final OptimizationRunStore runs;
    private final JsonMapper json;
    private final Clock clock;
    /** This instance's runs still solving, by run id. */
    private final Map<UUID, RunControl> local = new ConcurrentHashMap<>();

    /** This instance's runners and who solves next on them, fairly across tenants. */
    private final RunQueue queue;
    /** Upper bounds computed while their runs solve; a bound that finds no free thread is cut to its quickest form. */
    private final ExecutorService bounds;

    private final ScheduledExecutorService watch;

    RunSupervisor(
            TenantTransactions transactions,
            ScheduleOptimizationAccess calendar,
            OptimizationRunStore runs,
            OptimizationProperties properties,
            JsonMapper json,
            Clock clock) {
        this.transactions = transactions;
        this.calendar = calendar;
        this.runs = runs;
        this.json = json;
        this.clock = clock;
        this.queue = new RunQueue(
                properties.runners(),
                properties.runsPerTenant(),
                properties.queuedPerTenant(),
                daemons("optimization-run-"));
        this.bounds = Executors.newFixedThreadPool(
                Math.max(2, Runtime.getRuntime().availableProcessors()), daemons("optimization-bound-"));
        this.watch = Executors.newSingleThreadScheduledExecutor(
                Thread.ofPlatform().name("optimization-cancel-watch").daemon().factory());
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

    /** Daemon threads named {@code prefix} and a number from 1. */
    private static ThreadFactory daemons(String prefix) {
        return Thread.ofPlatform().name(prefix, 1).daemon().factory();
    }

    /** A place for a run of {@code tenant} (see {@link RunQueue#admit}); 429 when the tenant has none left. */
    RunQueue.Ticket admit(String tenant, boolean async, Duration timeLimit) {
        return queue.admit(tenant, async, timeLimit);
    }

    void release(RunQueue.Ticket place) {
        queue.release(place);
    }

    /** Where a run computes its upper bound alongside its search. */
    ExecutorService bounds() {
        return bounds;
    }

    /**
     * Starts an asynchronous run on a runner once its turn comes: {@code work} solves and writes it; until it ends,
     * this instance keeps the run's row fresh and watches it for cancels.
     *
     * @throws RuntimeException when no runner will take it (the place is released; the caller records the failure)
     */
    void submit(RunQueue.Ticket place, RunControl control, Runnable work) {
        local.put(control.runId, control);
        try {
            queue.submit(place, () -> {
                try {
                    work.run();
                } catch (RuntimeException e) {
                    log.error("optimization run {} failed", control.runId, e);
                } finally {
                    local.remove(control.runId);
                    control.done.complete(null);
                }
            });
        } catch (RuntimeException e) {
            queue.release(place);
            local.remove(control.runId);
            throw e;
        }
    }

    /**
     * Stops a run whose cancel is recorded in its row, and waits (at most {@link #CANCEL_WAIT}) for it to end: here,
     * through its control; solved by another instance, by reading its row until that instance has seen the cancel.
     */
    void cancelAndAwait(Caller caller, UUID runId, boolean applyPartial) {
        RunControl control = local.get(runId);
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
            awaitEnd(caller, runId); // solved by another instance, which sees the request in the row
        }
    }

    private void awaitEnd(Caller caller, UUID id) {
        long deadline = System.nanoTime() + CANCEL_WAIT.toNanos(); // a wait, not a time of day
        while (System.nanoTime() < deadline) {
            RunRow row = transactions
                    .read(caller, jdbc -> runs.find(jdbc, id, false))
                    .orElseThrow(RunErrors::runNotFound);
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

    /** Polls the rows of this instance's runs for a cancel that another instance received, and repeats stops. */
    private void watchCancels() {
        for (RunControl control : local.values()) {
            try {
                if (!control.cancelRequested() && control.caller != null) {
                    transactions
                            .read(control.caller, jdbc -> runs.find(jdbc, control.runId, false))
                            .filter(row -> row.cancelRequestedAt() != null)
                            .ifPresent(row -> control.cancel(Boolean.TRUE.equals(row.applyPartial())));
                } else if (control.cancelRequested()) {
                    control.stop(); // a stop asked before the solver started is reset by solve(): ask again
                }
            } catch (RuntimeException e) {
                log.warn("could not check optimization run {} for a cancel", control.runId, e);
            }
        }
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
        Set<UUID> live = transactions.acrossTenants(jdbc -> runs.schedulesWithLiveRuns(jdbc, since));
        int recovered = 0;
        for (ScheduleOptimizationAccess.AbandonedRun abandoned : calendar.abandonedRuns(since, live, SWEEP_AT_MOST)) {
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
                        json.writeValueAsString(RunErrors.errorJson(
                                canceled ? RunErrors.canceledDuringRun() : RunErrors.unavailable())),
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

    /** On shutdown: stop every run, write nothing, and give them a moment to put their schedules back. */
    @PreDestroy
    void stopRuns() {
        watch.shutdownNow();
        bounds.shutdownNow();
        local.values().forEach(RunControl::shutdown);
        queue.shutdown(); // queued runs still start, see the shutdown and end at once (OptimizationService.solve)
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
}
