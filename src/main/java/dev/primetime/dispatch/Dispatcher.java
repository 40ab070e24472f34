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
 * The dispatch loop of one instance: claim what is due (items whose time came while no instance ran included, with
 * how late they are), then attempt the webhook deliveries that are due. It goes again at once while there is work
 * and otherwise waits {@code pollInterval}. Every instance runs it; claims never overlap.
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
        if (webhook.enabled()) {
            work += deliveries.deliverDue(properties.batchSize());
        }
        return work;
    }

    @Override
    public synchronized void start() {
        if (!properties.enabled()) {
            return;
        }
        running = true;
        thread = Thread.ofPlatform().daemon().name("dispatcher").start(this::loop);
    }

    @Override
    public synchronized void stop() {
        running = false;
        if (thread != null) {
            thread.interrupt();
            try {
                thread.join(10_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            thread = null;
        }
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

    private void loop() {
        while (running) {
            int work = 0;
            try {
                work = runOnce();
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
