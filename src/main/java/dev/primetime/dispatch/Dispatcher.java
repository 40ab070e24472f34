package dev.primetime.dispatch;

import dev.primetime.calendar.DueItemDispatch;
import dev.primetime.calendar.DueItemDispatch.DueSchedule;
import java.time.Clock;
import java.time.Instant;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;

/**
 * The dispatch loops of one instance: one claims what is due (items whose time came while no instance ran included,
 * with how late they are), another attempts the webhook deliveries that are due. Each goes again at once while it
 * has work and otherwise waits {@code pollInterval}. Every instance runs them; claims never overlap.
 */
@Component
class Dispatcher implements SmartLifecycle {
    private static final Logger log = LoggerFactory.getLogger(Dispatcher.class);
    private final DueItemDispatch dispatch;
    private final WebhookDeliveries deliveries;
    private final DispatchProperties properties;
    private final WebhookProperties webhook;
    private final Clock clock;
    private volatile boolean running;
    private Thread thread;
    private Thread deliveryThread;

    Dispatcher(
            DueItemDispatch dispatch,
            WebhookDeliveries deliveries,
            DispatchProperties properties,
            WebhookProperties webhook,
            Clock clock) {
        this.dispatch = dispatch;
        this.deliveries = deliveries;
        this.properties = properties;
        this.webhook = webhook;
        this.clock = clock;
    }

    /** One round; returns how many items were claimed plus deliveries attempted. */
    int runOnce() {
        return claimDue() + (webhook.enabled() ? deliveries.deliverDue(properties.batchSize()) : 0);
    }

    /** Claims the items that are due now; returns how many. */
    int claimDue() {
        int work = 0;
        Instant now = clock.instant();
        for (DueSchedule due : dispatch.dueSchedules(now, properties.batchSize())) {
            work += dispatch.claim(due, now, properties.batchSize(), (jdbc, items) -> {
                        if (webhook.enabled()) {
                            deliveries.record(jdbc, items, now);
                        }
                    })
                    .size();
        }
        return work;
    }

    @Override
    public synchronized void start() {
        if (!properties.enabled()) {
            return;
        }
        running = true;
        thread = Thread.ofPlatform().daemon().name("dispatcher").start(() -> loop(this::claimDue));
        // Deliveries have a loop of their own: a slow receiver must not hold up claiming (item.due) for everyone.
        if (webhook.enabled()) {
            deliveryThread = Thread.ofPlatform()
                    .daemon()
                    .name("webhook-deliveries")
                    .start(() -> loop(() -> deliveries.deliverDue(properties.batchSize())));
        }
    }

    @Override
    public synchronized void stop() {
        running = false;
        for (Thread t : new Thread[] {thread, deliveryThread}) {
            if (t != null) {
                t.interrupt();
                try {
                    t.join(10_000);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
        }
        thread = null;
        deliveryThread = null;
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    // Stops before the web server and the pool do, so a round in progress can finish its transaction.
    @Override
    public int getPhase() {
        return SmartLifecycle.DEFAULT_PHASE - 1000;
    }

    private void loop(java.util.function.IntSupplier round) {
        while (running) {
            int work = 0;
            try {
                work = round.getAsInt();
            } catch (RuntimeException e) {
                if (running) {
                    log.warn("dispatch round failed; retrying: {}", e.toString());
                }
            }
            if (work == 0) {
                try {
                    Thread.sleep(properties.pollInterval());
                } catch (InterruptedException e) {
                    if (!running) {
                        return;
                    }
                }
            }
        }
    }
}
