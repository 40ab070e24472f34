package dev.primetime.optimization;

import dev.primetime.web.ApiException;
import dev.primetime.web.ErrorCode;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;

/**
 * Who solves next on this instance's runners, fairly across tenants. A tenant has at most {@code perTenant} runs
 * solving at once (synchronous ones, which solve on their request's thread, count too) and at most
 * {@code queuedPerTenant} asynchronous runs waiting; past either a run is refused with 429 and a Retry-After (when
 * the tenant's soonest run should end). A free runner takes the oldest waiting run of the tenant served least
 * recently (among those under their cap), so tenants take turns and one tenant's queue of long runs no longer holds
 * up another tenant's short one (one FIFO queue for every tenant let three 15-second runs of one tenant make
 * another's 1-second run wait 13 s).
 */
final class RunQueue {
    private final int runners;
    private final int perTenant;
    private final int queuedPerTenant;
    private final ExecutorService executor;

    /** Per tenant: runs solving (with when each should end), runs waiting, and places promised to waiting runs. */
    private final Map<String, TenantRuns> tenants = new HashMap<>();
    /** Orders submissions and starts: which tenant was served least recently, which run waited longest. */
    private long sequence;

    private int busyRunners;
    private boolean stopping;

    RunQueue(int runners, int perTenant, int queuedPerTenant, ThreadFactory threads) {
        this.runners = runners;
        this.perTenant = perTenant;
        this.queuedPerTenant = queuedPerTenant;
        this.executor = Executors.newFixedThreadPool(runners, threads);
    }

    private static final class TenantRuns {
        final List<Ticket> solving = new ArrayList<>();
        final ArrayDeque<Ticket> waiting = new ArrayDeque<>();
        int promised; // admitted asynchronous runs not yet submitted
        long lastStarted; // sequence number of its last run's start; 0: none while it has had runs here

        boolean idle() {
            return solving.isEmpty() && waiting.isEmpty() && promised == 0;
        }
    }

    /** A run's place: solving (a synchronous run at once), or waiting for a runner once submitted. */
    final class Ticket {
        final String tenant;
        final boolean async;
        final Duration timeLimit;
        long deadlineNanos; // when it should end, once solving (a duration measure, not a time of day)
        long submitted;
        Runnable work;
        boolean done;

        private Ticket(String tenant, boolean async, Duration timeLimit) {
            this.tenant = tenant;
            this.async = async;
            this.timeLimit = timeLimit;
        }
    }

    /**
     * A place for a run of {@code tenant}: a synchronous run solves now, so it needs one of the tenant's solving
     * places; an asynchronous one needs a waiting place.
     *
     * @throws ApiException 429 with Retry-After when the tenant has no place left
     */
    synchronized Ticket admit(String tenant, boolean async, Duration timeLimit) {
        if (stopping) {
            throw new ApiException(
                    ErrorCode.SERVICE_UNAVAILABLE, "the service is stopping; optimize again shortly", retryAfter(1));
        }
        TenantRuns runs = tenants.computeIfAbsent(tenant, t -> new TenantRuns());
        Ticket ticket = new Ticket(tenant, async, timeLimit);
        if (!async) {
            if (runs.solving.size() >= perTenant) {
                long seconds = secondsUntilOneEnds(runs.solving);
                throw new ApiException(
                        ErrorCode.RATE_LIMITED,
                        "this tenant already has " + runs.solving.size() + " optimization run(s) solving, the most"
                                + " at once; retry after " + seconds + " s, or send it with \"async\": true to wait"
                                + " in line",
                        retryAfter(seconds));
            }
            start(runs, ticket);
            return ticket;
        }
        if (runs.waiting.size() + runs.promised >= queuedPerTenant) {
            long seconds = secondsUntilOneEnds(runs.solving.isEmpty() ? allSolving() : runs.solving);
            throw new ApiException(
                    ErrorCode.RATE_LIMITED,
                    "this tenant already has " + (runs.waiting.size() + runs.promised) + " optimization runs"
                            + " waiting for a runner, the most allowed; retry after " + seconds + " s",
                    retryAfter(seconds));
        }
        runs.promised++;
        return ticket;
    }

    /** Puts an admitted asynchronous run in line; it runs {@code work} when its turn comes. */
    synchronized void submit(Ticket ticket, Runnable work) {
        if (executor.isShutdown()) {
            throw new java.util.concurrent.RejectedExecutionException("the runners have stopped");
        }
        TenantRuns runs = tenants.get(ticket.tenant);
        runs.promised--;
        ticket.work = work;
        ticket.submitted = ++sequence;
        runs.waiting.add(ticket);
        dispatch();
    }

    /** Gives back a synchronous run's place when it ends, or an admitted run's that will not be submitted. */
    synchronized void release(Ticket ticket) {
        if (ticket.done) {
            return;
        }
        ticket.done = true;
        TenantRuns runs = tenants.get(ticket.tenant);
        if (runs == null) {
            return;
        }
        if (!runs.solving.remove(ticket) && ticket.async && ticket.work == null) {
            runs.promised--;
        }
        forgetIfIdle(ticket.tenant, runs);
        dispatch();
    }

    /** Runs waiting and solving of one tenant (for tests and logs). */
    synchronized int[] counts(String tenant) {
        TenantRuns runs = tenants.get(tenant);
        return runs == null ? new int[] {0, 0} : new int[] {runs.solving.size(), runs.waiting.size()};
    }

    private void dispatch() {
        while (busyRunners < runners) {
            TenantRuns next = null;
            for (TenantRuns runs : tenants.values()) {
                if (runs.waiting.isEmpty() || (!stopping && runs.solving.size() >= perTenant)) {
                    continue;
                }
                if (next == null
                        || runs.lastStarted < next.lastStarted
                        || (runs.lastStarted == next.lastStarted
                                && runs.waiting.peek().submitted < next.waiting.peek().submitted)) {
                    next = runs;
                }
            }
            if (next == null) {
                return; // nothing waits, or every waiting tenant is at its cap
            }
            Ticket started = next.waiting.poll();
            start(next, started);
            busyRunners++;
            executor.execute(() -> {
                try {
                    started.work.run();
                } finally {
                    finished(started);
                }
            });
        }
    }

    private synchronized void finished(Ticket ticket) {
        busyRunners--;
        ticket.done = true;
        TenantRuns runs = tenants.get(ticket.tenant);
        runs.solving.remove(ticket);
        forgetIfIdle(ticket.tenant, runs);
        dispatch();
        stopWhenDrained();
    }

    private void stopWhenDrained() {
        if (stopping && busyRunners == 0 && tenants.values().stream().allMatch(r -> r.waiting.isEmpty())) {
            executor.shutdown();
        }
    }

    private void start(TenantRuns runs, Ticket ticket) {
        ticket.deadlineNanos = System.nanoTime() + ticket.timeLimit.toNanos();
        runs.solving.add(ticket);
        runs.lastStarted = ++sequence;
    }

    private void forgetIfIdle(String tenant, TenantRuns runs) {
        if (runs.idle()) {
            tenants.remove(tenant);
        }
    }

    private List<Ticket> allSolving() {
        List<Ticket> all = new ArrayList<>();
        tenants.values().forEach(r -> all.addAll(r.solving));
        return all;
    }

    private static long secondsUntilOneEnds(List<Ticket> solving) {
        long now = System.nanoTime();
        long soonest =
                solving.stream().mapToLong(t -> t.deadlineNanos - now).min().orElse(0);
        return Math.max(1, (long) Math.ceil(soonest / 1e9));
    }

    private static Map<String, String> retryAfter(long seconds) {
        return Map.of("Retry-After", Long.toString(seconds));
    }

    /**
     * Stops taking runs; those still waiting are started as runners come free, whatever their tenant's cap (they see
     * the shutdown and end at once, writing their outcome), and the runners stop once every one has run.
     */
    synchronized void shutdown() {
        stopping = true;
        dispatch();
        stopWhenDrained();
    }

    boolean awaitTermination(long millis) throws InterruptedException {
        return executor.awaitTermination(millis, TimeUnit.MILLISECONDS);
    }
}
