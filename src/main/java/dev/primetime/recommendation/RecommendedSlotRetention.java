package dev.primetime.recommendation;

import dev.primetime.background.PeriodicJob;
import dev.primetime.tenancy.TenantTransactions;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Deletes stored recommendations that were not accepted a day after their time: they can no longer be accepted,
 * and every authenticated GET stores up to 200 of them. Accepted ones stay, as the record of where an item came from.
 */
@Component
class RecommendedSlotRetention extends PeriodicJob {
    static final Duration SWEEP_EVERY = Duration.ofHours(1);
    // kept a day after their time, so accepting one late is a 409 that says why rather than a 404
    static final Duration KEPT_AFTER_PASSING = Duration.ofDays(1);
    // Deleted in batches, so one sweep never holds many row locks or one long transaction.
    static final int BATCH = 10_000;
    private static final Logger log = LoggerFactory.getLogger(RecommendedSlotRetention.class);
    private final TenantTransactions transactions;
    private final RecommendedSlotStore store;
    private final Clock clock;

    RecommendedSlotRetention(TenantTransactions transactions, RecommendedSlotStore store, Clock clock) {
        super("recommendation-retention", SWEEP_EVERY, Pace.EVERY_INTERVAL);
        this.transactions = transactions;
        this.store = store;
        this.clock = clock;
    }

    /** Deletes what passed more than {@link #KEPT_AFTER_PASSING} ago; returns how many slots went. */
    int sweep() {
        Instant cutoff = clock.instant().minus(KEPT_AFTER_PASSING);
        int total = 0;
        int deleted;
        do {
            deleted = transactions.acrossTenants(jdbc -> store.deletePassed(jdbc, cutoff, BATCH));
            total += deleted;
        } while (deleted == BATCH);
        return total;
    }

    @Override
    protected int round() {
        int deleted = sweep();
        if (deleted > 0) {
            log.info("deleted {} recommendations a day after their time", deleted);
        }
        return deleted;
    }
}
