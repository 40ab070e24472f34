package dev.primetime.dispatch;

import dev.primetime.calendar.DueItemDispatch;
import dev.primetime.calendar.DueItemDispatch.DueItem;
import dev.primetime.dispatch.WebhookDeliveryStore.Due;
import dev.primetime.dispatch.WebhookDeliveryStore.Leased;
import dev.primetime.tenancy.Callers;
import dev.primetime.tenancy.TenantTransactions;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.Semaphore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import tools.jackson.databind.json.JsonMapper;

/**
 * The webhook outbox. A delivery row is written in the transaction that claims its item, so a due item and its
 * delivery exist together or not at all. An attempt first takes a lease (attempts + 1, next attempt pushed out by
 * {@code lease}) and commits, then POSTs outside any transaction, then records the outcome: delivered; or retry
 * after backoff; or, after {@code maxAttempts}, the item is marked failed with the error. An instance that dies
 * mid-POST leaves a lease that runs out, and another instance tries again.
 */
@Component
class WebhookDeliveries {
    private static final Logger log = LoggerFactory.getLogger(WebhookDeliveries.class);
    private static final int PARALLEL_POSTS = 16;
    private final TenantTransactions transactions;
    private final WebhookDeliveryStore store;
    private final DueItemDispatch dispatch;
    private final WebhookClient client;
    private final WebhookProperties properties;
    private final Clock clock;
    private final JsonMapper json;
    private final ExecutorService posts = Executors.newVirtualThreadPerTaskExecutor();
    private final Semaphore inFlight = new Semaphore(PARALLEL_POSTS);

    WebhookDeliveries(
            TenantTransactions transactions,
            WebhookDeliveryStore store,
            DueItemDispatch dispatch,
            WebhookClient client,
            WebhookProperties properties,
            Clock clock,
            JsonMapper json) {
        this.transactions = transactions;
        this.store = store;
        this.dispatch = dispatch;
        this.client = client;
        this.properties = properties;
        this.clock = clock;
        this.json = json;
    }

    /** Inside the claiming transaction: one pending delivery per claimed item, due at once. */
    void record(JdbcClient jdbc, List<DueItem> items, Instant now) {
        for (DueItem item : items) {
            UUID id = UUID.randomUUID();
            var body = json.createObjectNode();
            body.put("type", DueItemDispatch.ITEM_DUE);
            body.put("delivery_id", id.toString());
            body.put("tenant_id", item.tenantId());
            body.put("schedule_id", item.scheduleId().toString());
            body.put("item_id", item.itemId().toString());
            body.put("due_at", item.scheduledTime().toString());
            body.put("late_by_seconds", item.lateBySeconds());
            body.put("sent_at", now.toString());
            body.set("item", json.readTree(item.dueEventJson()));
            store.insert(jdbc, id, item.scheduleId(), item.itemId(), json.writeValueAsString(body), now);
        }
    }

    /** Attempts every delivery that is due now (up to {@code limit}); returns how many were attempted. */
    int deliverDue(int limit) {
        Instant now = clock.instant();
        List<Due> due = transactions.acrossTenants(jdbc -> store.due(jdbc, now, limit));
        List<Future<Boolean>> running = new ArrayList<>(due.size());
        for (Due d : due) {
            inFlight.acquireUninterruptibly();
            running.add(posts.submit(() -> {
                try {
                    return attempt(d);
                } finally {
                    inFlight.release();
                }
            }));
        }
        int attempted = 0;
        for (Future<Boolean> f : running) {
            try {
                if (f.get()) {
                    attempted++;
                }
            } catch (InterruptedException e) {
                // stopping: attempts still running finish or leave a lease that runs out
                Thread.currentThread().interrupt();
                return attempted;
            } catch (ExecutionException e) {
                log.warn("webhook attempt failed unexpectedly: {}", e.getCause().toString());
            }
        }
        return attempted;
    }

    private boolean attempt(Due due) {
        var caller = Callers.worker(due.tenantId());
        Instant now = clock.instant();
        Leased leased = transactions.write(
                caller,
                jdbc -> store.lease(jdbc, due.id(), now.plus(properties.lease()), now)
                        .orElse(null));
        if (leased == null) {
            return false; // another instance has it, or it is done
        }
        if (leased.attempts() > properties.maxAttempts()) {
            // every attempt was used and the instance that made the last one died before recording it
            giveUp(due, leased, leased.lastError() == null ? "no answer recorded" : leased.lastError());
            return true;
        }
        WebhookClient.Outcome outcome = client.post(due.id(), leased.attempts(), leased.body());
        Instant after = clock.instant();
        switch (outcome) {
            case WebhookClient.Accepted accepted ->
                transactions.write(caller, jdbc -> store.delivered(jdbc, due.id(), after));
            case WebhookClient.Rejected rejected -> {
                if (leased.attempts() >= properties.maxAttempts()) {
                    giveUp(due, leased, rejected.error());
                } else {
                    Instant next = after.plus(properties.backoffAfter(leased.attempts()));
                    transactions.write(caller, jdbc -> store.retryAt(jdbc, due.id(), next, rejected.error(), after));
                }
            }
        }
        return true;
    }

    private void giveUp(Due due, Leased leased, String error) {
        String message = "webhook delivery failed after " + Math.min(leased.attempts(), properties.maxAttempts())
                + " attempts: " + error;
        dispatch.fail(due.tenantId(), leased.scheduleId(), leased.itemId(), message);
        transactions.write(
                Callers.worker(due.tenantId()), jdbc -> store.failed(jdbc, due.id(), error, clock.instant()));
        log.info("gave up on webhook delivery {} for item {}: {}", due.id(), leased.itemId(), error);
    }
}
