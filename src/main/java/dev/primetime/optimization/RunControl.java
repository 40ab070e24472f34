package dev.primetime.optimization;

import ai.timefold.solver.core.api.solver.Solver;
import dev.primetime.optimization.solver.ScheduleSolution;
import dev.primetime.tenancy.Caller;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicReference;

/**
 * A run as this instance steers it: the solver once it has started, and a cancel from a DELETE here, the run's row (a
 * DELETE elsewhere) or shutdown. A synchronous run has no id and no caller: nothing outside its request can cancel it.
 */
final class RunControl {
    /** Whether the run was asked to stop early, and what to do with the best plan found then. */
    enum Cancel {
        /** Not asked: the run ends at its time limit or when it proves its plan best. */
        NONE,
        /** Stop and write nothing; the schedule goes back to where it was. */
        DISCARD,
        /** Stop and write the best plan so far, when it breaks no constraint. */
        APPLY_PARTIAL;

        static Cancel of(boolean applyPartial) {
            return applyPartial ? APPLY_PARTIAL : DISCARD;
        }
    }

    final UUID runId;
    final Caller caller;
    final CompletableFuture<Void> done = new CompletableFuture<>();
    private final AtomicReference<Cancel> cancel = new AtomicReference<>(Cancel.NONE);
    private volatile Solver<ScheduleSolution> solver;
    private volatile boolean shutdown;

    RunControl(UUID runId, Caller caller) {
        this.runId = runId;
        this.caller = caller;
    }

    /** A run solved on its request's thread. */
    static RunControl synchronous() {
        return new RunControl(null, null);
    }

    Cancel cancel() {
        return cancel.get();
    }

    boolean cancelRequested() {
        return cancel.get() != Cancel.NONE;
    }

    boolean shuttingDown() {
        return shutdown;
    }

    void solving(Solver<ScheduleSolution> solver) {
        this.solver = solver;
    }

    /** Asks the run to stop; the first cancel decides whether the best plan so far is written. */
    void cancel(boolean applyPartial) {
        cancel.compareAndSet(Cancel.NONE, Cancel.of(applyPartial));
        stop();
    }

    /** The instance is stopping: the run ends without writing anything. */
    void shutdown() {
        shutdown = true;
        cancel(false);
    }

    /** Stops the solver if it has started; a stop asked before it started is reset by it, so callers ask again. */
    void stop() {
        Solver<ScheduleSolution> running = solver;
        if (running != null) {
            running.terminateEarly();
        }
    }
}
