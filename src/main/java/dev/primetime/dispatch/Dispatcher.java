package dev.primetime.dispatch;

import dev.primetime.background.PeriodicJob;
import dev.primetime.calendar.DueItemDispatch;
import dev.primetime.calendar.DueItemDispatch.DueSchedule;
import java.time.Clock;
import java.time.Instant;
import org.springframework.stereotype.Component;

/**
 * The dispatch loop of one instance: claims what is due (items whose time came while no instance ran included, with
 * how late they are), again at once while it finds work and otherwise after {@code pollInterval}. Every instance runs
 * it; claims never overlap. The webhook deliveries have a loop of their own ({@link DeliveryLoop}): a slow receiver
 * must not hold up claiming ({@code item.due}) for everyone.
 */
@Component
class Dispatcher extends PeriodicJob {
    private final DueItemDispatch dispatch;
    private final WebhookDeliveries deliveries;
    private final DispatchProperties properties;
    private final WebhookProperties webhook;
    private final Clock clock;

    Dispatcher(
            DueItemDispatch dispatch,
            WebhookDeliveries deliveries,
            DispatchProperties properties,
            WebhookProperties webhook,
            Clock clock) {
        super("dispatcher", properties.pollInterval(), Pace.AGAIN_WHILE_BUSY);
        this.dispatch = dispatch;
        this.deliveries = deliveries;
        this.properties = properties;
        this.webhook = webhook;
        this.clock = clock;
    }

    @Override
    protected boolean enabled() {
        return properties.enabled();
    }

    /** Claims the items that are due now; returns how many. */
    @Override
    protected int round() {
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
}
